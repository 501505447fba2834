// The orgs module's public face: its definition, and the few functions other code uses (seeding
// and the CLI make orgs; the bench pages children). Org rows, findOrg and dates are the kernel's
// (platform/org-tree, platform/dates), not this module's.
import { defineModule } from '../../platform/module.ts';
import { orgsErrors, orgsLabels } from './orgs.errors.ts';
import { orgsMetrics } from './orgs.metrics.ts';
import { orgEntities } from './orgs.queries.ts';
import { orgsRoutes } from './orgs.routes.ts';
export { listChildren } from './orgs.queries.ts';
export { createRootOrg, insertOrg } from './orgs.service.ts';

export const orgsModule = defineModule({
  name: 'orgs',
  label: { 'zh-CN': '组织', 'en-US': 'Organizations' },
  routes: [orgsRoutes],
  metrics: orgsMetrics,
  entities: orgEntities,
  labels: orgsLabels,
  uniqueFields: { org_sibling_name_uq: 'name' },
  permissions: ['org.read', 'org.write'],
  menu: [{ path: '/orgs', label: { 'zh-CN': '组织', 'en-US': 'Organizations' }, permission: 'org.read' }],
  errors: orgsErrors,
});
