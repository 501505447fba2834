// The member-life module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { duesRoutes } from './dues.routes.ts';
import { leavingRoutes } from './leaving.routes.ts';
import { memberLifeEntities } from './member-life.entities.ts';
import { memberLifeErrors, memberLifeLabels } from './member-life.errors.ts';
import { membersDaily } from './member-life.jobs.ts';
import { memberLifeMetrics } from './member-life.metrics.ts';
import { registrationRoutes } from './registration.routes.ts';
import { remindersRoutes } from './reminders.routes.ts';
import { transfersRoutes } from './transfers.routes.ts';
export { arrearsByBranch, rebuildPaidMonths } from './dues.queries.ts';
export { arrearsList } from './dues.service.ts';
export { seedDemoMemberLife } from './member-life.seed.ts';
export const memberLifeModule = defineModule({
  name: 'member-life',
  label: { 'zh-CN': '团籍管理', 'en-US': 'Membership' },
  routes: [transfersRoutes, duesRoutes, registrationRoutes, leavingRoutes, remindersRoutes],
  metrics: memberLifeMetrics,
  jobs: [membersDaily],
  entities: memberLifeEntities,
  labels: memberLifeLabels,
  uniqueFields: {
    member_transfer_pending_uq: 'memberId',
    member_transfer_request_open_uq: 'idNumber',
    dues_entry_reverses_uq: 'reversesId',
    member_registration_uq: 'year',
    branch_review_live_uq: 'year',
    member_removal_open_uq: 'memberId',
  },
  permissions: ['member.read', 'member.write', 'member.approve'],
  menu: [{ path: '/member-life', label: { 'zh-CN': '团籍管理', 'en-US': 'Membership' }, permission: 'member.read' }],
  errors: memberLifeErrors,
});
