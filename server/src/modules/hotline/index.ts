// The hotline module's public face (12355 youth hotline and counselling): other modules import from here only.
import { defineModule } from '../../platform/module.ts';
import { hotlineEntities } from './hotline.entities.ts';
import { hotlineErrors, hotlineLabels } from './hotline.errors.ts';
import { slaHourly } from './hotline.jobs.ts';
import { hotlineMetrics } from './hotline.metrics.ts';
import { hotlinePublicRoutes } from './hotline.public.routes.ts';
import { hotlineRosterRoutes } from './hotline.roster.routes.ts';
import { hotlineRoutes } from './hotline.routes.ts';
export { hotlineCase, hotlineCounsellor, hotlineLecture, hotlineReferral, hotlineSession } from './hotline.schema.ts';
export { seedDemoHotline } from './hotline.seed.ts';
// for the bench: the SLA job's work and the case list, called directly
export { markBreaches } from './hotline.jobs.ts';
export { listCases } from './hotline.queries.ts';

export const hotlineModule = defineModule({
  name: 'hotline',
  label: { 'zh-CN': '12355 青少年服务台', 'en-US': '12355 youth hotline' },
  routes: [hotlineRoutes, hotlineRosterRoutes, hotlinePublicRoutes],
  metrics: hotlineMetrics,
  jobs: [slaHourly],
  entities: hotlineEntities,
  labels: hotlineLabels,
  uniqueFields: {
    hotline_case_submission_uq: 'submissionKey',
    hotline_referral_pending_uq: 'agency',
  },
  permissions: ['service.read', 'service.write', 'service.supervise'],
  menu: [
    { path: '/hotline/cases', label: { 'zh-CN': '12355 个案', 'en-US': '12355 cases' }, permission: 'service.read' },
    { path: '/hotline/breaches', label: { 'zh-CN': '12355 超时预警', 'en-US': '12355 SLA breaches' }, permission: 'service.read' },
    { path: '/hotline/counsellors', label: { 'zh-CN': '咨询师名册', 'en-US': 'Counsellor roster' }, permission: 'service.read' },
    { path: '/hotline/lectures', label: { 'zh-CN': '讲座与团体辅导', 'en-US': 'Lectures and group sessions' }, permission: 'service.read' },
    { path: '/hotline/stats', label: { 'zh-CN': '12355 统计', 'en-US': '12355 figures' }, permission: 'service.read' },
  ],
  errors: hotlineErrors,
});
