// The study module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { studyErrors, studyLabels } from './study.errors.ts';
import { studyMetrics } from './study.metrics.ts';
import { studyRoutes } from './study.routes.ts';
import { findEpisode } from './study.service.ts';
// member-life's "who hasn't studied" list: the issue, the part of a scope it covers, who studied it.
export { latestEpisodeId, studiedSql } from './study.queries.ts';
export { seedDemoStudy } from './study.seed.ts';
export { episodeFor } from './study.service.ts';

export const studyModule = defineModule({
  name: 'study',
  label: { 'zh-CN': '青年大学习', 'en-US': 'Youth study' },
  routes: [studyRoutes],
  metrics: studyMetrics,
  jobs: [],
  // An issue belongs to its publisher; a committee below reads it through the lists.
  entities: { studyEpisode: async (db, id) => (await findEpisode(db, id))?.ownerPath ?? null },
  labels: studyLabels,
  uniqueFields: { study_episode_owner_number_uq: 'number' },
  permissions: ['member.read', 'member.write'],
  errors: studyErrors,
});
