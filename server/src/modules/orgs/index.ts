// The orgs module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { orgsRoutes } from './orgs.routes.ts';
import './orgs.metrics.ts';
export { findOrg, listChildren } from './orgs.queries.ts';
export type { OrgRow } from './orgs.queries.ts';
export { createRootOrg, insertOrg, today } from './orgs.service.ts';

export const orgsModule = defineModule({
  name: 'orgs',
  label: { 'zh-CN': '组织', 'en-US': 'Organizations' },
  routes: [orgsRoutes],
  jobs: [],
});
