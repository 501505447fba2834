// The org-life module's public face: its definition (meetings and branch ratings), and what the demo uses.
import { defineModule } from '../../platform/module.ts';
import { orgLifeErrors, orgLifeLabels } from './org-life.errors.ts';
import { orgLifeMetrics } from './org-life.metrics.ts';
import { orgLifeEntities } from './org-life.queries.ts';
import { orgLifeRoutes } from './org-life.routes.ts';
import { ratingMetric } from './rating.metrics.ts';
import { ratingRoutes } from './rating.routes.ts';
export { seedDemoMeetings, seedDemoRatings } from './org-life.seed.ts';

export const orgLifeModule = defineModule({
  name: 'org-life',
  label: { 'zh-CN': '组织生活', 'en-US': 'Organizational life' },
  routes: [orgLifeRoutes, ratingRoutes],
  metrics: [...orgLifeMetrics, ratingMetric],
  entities: orgLifeEntities,
  labels: orgLifeLabels,
  uniqueFields: { branch_rating_org_year_uq: 'year' },
  permissions: ['org.read', 'member.read', 'orglife.write', 'member.approve'],
  menu: [
    { path: '/org-life', label: { 'zh-CN': '组织生活', 'en-US': 'Org life' }, permission: 'member.read' },
    { path: '/rating', label: { 'zh-CN': '对标定级', 'en-US': 'Branch rating' }, permission: 'member.read' },
  ],
  errors: orgLifeErrors,
});
