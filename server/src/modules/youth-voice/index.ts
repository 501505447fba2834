// 青年之声 (questions, answers, what they became) and 微心愿 (wishes for children in difficulty).
// Other modules import from here, never from its files.
import { eq } from 'drizzle-orm';
import { ownedBy } from '../../platform/access/entities.ts';
import { defineModule } from '../../platform/module.ts';
import { publicRoutes } from './public.routes.ts';
import { questionsRoutes } from './questions.routes.ts';
import { wishesRoutes } from './wishes.routes.ts';
import { youthVoiceErrors, youthVoiceLabels } from './youth-voice.errors.ts';
import { youthVoiceMetrics } from './youth-voice.metrics.ts';
import { yvFile, yvQuestion, yvWish } from './youth-voice.schema.ts';

export { seedDemoYouthVoice } from './youth-voice.seed.ts';
export { sensitiveWordsSetting } from './youth-voice.rules.ts';

export const youthVoiceModule = defineModule({
  name: 'youth-voice',
  label: { 'zh-CN': '青年之声', 'en-US': 'Youth Voice' },
  routes: [questionsRoutes, wishesRoutes, publicRoutes],
  metrics: youthVoiceMetrics,
  jobs: [],
  entities: {
    yvQuestion: ownedBy(yvQuestion),
    yvWish: ownedBy(yvWish),
    yvFile: ownedBy(yvFile, { where: eq(yvFile.status, 'active') }),
  },
  labels: youthVoiceLabels,
  uniqueFields: {
    yv_question_submit_key_uq: 'submitKey',
    yv_wish_submit_key_uq: 'submitKey',
    yv_wish_question_uq: 'kind',
    yv_outcome_question_kind_ref_uq: 'refId',
    yv_visit_org_day_uq: 'day',
  },
  permissions: ['service.read', 'service.write', 'service.supervise'],
  menu: [
    { path: '/youth-voice', label: { 'zh-CN': '青年之声', 'en-US': 'Youth Voice' }, permission: 'service.read' },
    { path: '/youth-voice/wishes', label: { 'zh-CN': '微心愿', 'en-US': 'Micro-wishes' }, permission: 'service.read' },
  ],
  errors: youthVoiceErrors,
});
