// The members module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { membersRoutes } from './members.routes.ts';
import { developmentRoutes } from './development.routes.ts';
import './members.metrics.ts';
export { listApplications } from './development.queries.ts';
export { isSmallSubtree, listMembers } from './members.queries.ts';
export { leagueToday } from './members.rules.ts';
export { member } from './members.schema.ts';
export type { DuesCategory, LeaveReason } from './members.schema.ts';
export { seedDemoMembers } from './members.seed.ts';

export const membersModule = defineModule({
  name: 'members',
  label: { 'zh-CN': '团员', 'en-US': 'Members' },
  routes: [membersRoutes, developmentRoutes],
  jobs: [],
});
