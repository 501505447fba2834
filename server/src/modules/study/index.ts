// The study module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { studyRoutes } from './study.routes.ts';
import './study.metrics.ts';
export { latestEpisodeId } from './study.queries.ts';
export { seedDemoStudy } from './study.seed.ts';
export { episodeFor } from './study.service.ts';

export const studyModule = defineModule({
  name: 'study',
  label: { 'zh-CN': '青年大学习', 'en-US': 'Youth study' },
  routes: [studyRoutes],
  jobs: [],
});
