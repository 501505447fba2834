// The volunteers module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { volunteersRoutes } from './volunteers.routes.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { groupsRoutes } from './groups.routes.ts';
import { volunteerExportRoutes } from './volunteers.excel.ts';
import { offersHourly } from './volunteers.jobs.ts';
import './volunteers.metrics.ts';
export { cancelSignup, signUp } from './signups.service.ts';
export { localDate } from './volunteers.rules.ts';
export { activity, shift, signup, volunteer } from './volunteers.schema.ts';
export { seedDemoVolunteers } from './volunteers.seed.ts';

export const volunteersModule = defineModule({
  name: 'volunteers',
  label: { 'zh-CN': '志愿者', 'en-US': 'Volunteers' },
  routes: [volunteersRoutes, activitiesRoutes, groupsRoutes, volunteerExportRoutes],
  jobs: [offersHourly],
});
