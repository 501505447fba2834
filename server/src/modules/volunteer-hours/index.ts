// The volunteer-hours module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { proposeStarsDaily } from './stars.service.ts';
import { volunteerHoursErrors, volunteerHoursLabels } from './volunteer-hours.errors.ts';
import { volunteerHoursMetrics } from './volunteer-hours.metrics.ts';
import { volunteerHoursEntities } from './volunteer-hours.queries.ts';
import { volunteerHoursRoutes } from './volunteer-hours.routes.ts';
export { topVolunteers } from './volunteer-hours.queries.ts';
export { createCheckinSigner, windowOf } from './volunteer-hours.rules.ts';
export { seedDemoHours } from './volunteer-hours.seed.ts';

export const volunteerHoursModule = defineModule({
  name: 'volunteer-hours',
  label: { 'zh-CN': '志愿服务时长', 'en-US': 'Volunteer hours' },
  routes: [volunteerHoursRoutes],
  metrics: volunteerHoursMetrics,
  jobs: [proposeStarsDaily],
  entities: volunteerHoursEntities,
  labels: volunteerHoursLabels,
  uniqueFields: {
    hour_entry_reverses_uq: 'reversesId',
    hour_entry_claim_uq: 'claimId',
    volunteer_certificate_number_uq: 'number',
    volunteer_certificate_code_uq: 'code',
  },
  permissions: ['volunteer.read', 'volunteer.write', 'volunteer.approve'],
  menu: [{ path: '/volunteer-hours', label: { 'zh-CN': '志愿时长', 'en-US': 'Volunteer hours' }, permission: 'volunteer.read' }],
  errors: volunteerHoursErrors,
});
