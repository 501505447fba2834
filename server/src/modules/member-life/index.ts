// The member-life module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { duesRoutes } from './dues.routes.ts';
import { leavingRoutes } from './leaving.routes.ts';
import { registrationRoutes } from './registration.routes.ts';
import { remindersRoutes } from './reminders.routes.ts';
import { transfersRoutes } from './transfers.routes.ts';
import { membersDaily } from './member-life.jobs.ts';
import './member-life.metrics.ts';
export { arrearsByBranch, rebuildPaidMonths } from './dues.queries.ts';
export { arrearsList } from './dues.service.ts';
export { activeMemberOfPerson, addDays, subtreeFor, today } from './member-life.common.ts';
export { diligence, rnd, seedDemoMemberLife } from './member-life.seed.ts';

export const memberLifeModule = defineModule({
  name: 'member-life',
  label: { 'zh-CN': '团籍管理', 'en-US': 'Membership' },
  routes: [transfersRoutes, duesRoutes, registrationRoutes, leavingRoutes, remindersRoutes],
  jobs: [membersDaily],
});
