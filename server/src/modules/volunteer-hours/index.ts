// The volunteer-hours module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { proposeStarsDaily } from './stars.service.ts';
import { volunteerHoursRoutes } from './volunteer-hours.routes.ts';
import './volunteer-hours.metrics.ts';
export { topVolunteers } from './volunteer-hours.queries.ts';
export { createCheckinSigner, windowOf } from './volunteer-hours.rules.ts';
export { seedDemoHours } from './volunteer-hours.seed.ts';

export const volunteerHoursModule = defineModule({
  name: 'volunteer-hours',
  label: { 'zh-CN': '志愿服务时长', 'en-US': 'Volunteer hours' },
  routes: [volunteerHoursRoutes],
  jobs: [proposeStarsDaily],
});
