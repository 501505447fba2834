// The org-life module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { orgLifeRoutes } from './org-life.routes.ts';
import { ratingRoutes } from './rating.routes.ts';
import './org-life.metrics.ts';
import './rating.metrics.ts';
export { seedDemoMeetings, seedDemoRatings } from './org-life.seed.ts';

export const orgLifeModule = defineModule({
  name: 'org-life',
  label: { 'zh-CN': '组织生活', 'en-US': 'Organizational life' },
  routes: [orgLifeRoutes, ratingRoutes],
  jobs: [],
});
