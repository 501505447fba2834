// The cadres module's public face: its definition, and what the demo uses.
import { defineModule } from '../../platform/module.ts';
import { cadresErrors, cadresLabels } from './cadres.errors.ts';
import { cadresMetrics } from './cadres.metrics.ts';
import { cadreEntities } from './cadres.queries.ts';
import { cadresRoutes } from './cadres.routes.ts';
export { cadre } from './cadres.schema.ts';
export type { CadreKind, CadrePost } from './cadres.schema.ts';
export { seedDemoCadres } from './cadres.seed.ts';

export const cadresModule = defineModule({
  name: 'cadres',
  label: { 'zh-CN': '团干部', 'en-US': 'Cadres' },
  routes: [cadresRoutes],
  metrics: cadresMetrics,
  entities: cadreEntities,
  labels: cadresLabels,
  uniqueFields: { cadre_person_org_active_uq: 'personId', cadre_secretary_active_uq: 'post' },
  permissions: ['org.read', 'person.read', 'orglife.write'],
  menu: [{ path: '/cadres', label: { 'zh-CN': '团干部', 'en-US': 'Cadres' }, permission: 'person.read' }],
  errors: cadresErrors,
});
