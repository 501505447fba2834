// The members module's public face: its definition, the member table and types other modules
// keep records against, the lists the bench measures, and the demo seeding.
import { defineModule } from '../../platform/module.ts';
import { developmentRoutes } from './development.routes.ts';
import { membersErrors, membersLabels } from './members.errors.ts';
import { memberLinks } from './members.links.ts';
import { membersMetrics } from './members.metrics.ts';
import { membersEntities } from './members.queries.ts';
import { membersRoutes } from './members.routes.ts';
export { listApplications } from './development.queries.ts';
export { isSmallSubtree, listMembers } from './members.queries.ts';
export { member } from './members.schema.ts';
export type { DuesCategory, LeaveReason } from './members.schema.ts';
export { seedDemoMembers } from './members.seed.ts';

export const membersModule = defineModule({
  name: 'members',
  label: { 'zh-CN': '团员', 'en-US': 'Members' },
  // memberLinks adds no routes: it tells people's link requests how a 'member' request is fulfilled.
  routes: [membersRoutes, developmentRoutes, memberLinks],
  metrics: membersMetrics,
  entities: membersEntities,
  labels: membersLabels,
  uniqueFields: {
    member_devno_uq: 'developmentNumber',
    member_person_active_uq: 'personId',
    member_application_open_uq: 'personId',
  },
  permissions: ['member.read', 'member.write', 'member.approve'],
  menu: [
    { path: '/members', label: { 'zh-CN': '团员', 'en-US': 'Members' }, permission: 'member.read' },
    { path: '/development', label: { 'zh-CN': '团员发展', 'en-US': 'Development' }, permission: 'member.read' },
  ],
  errors: membersErrors,
});
