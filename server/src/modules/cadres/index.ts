// The cadres module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { cadresRoutes } from './cadres.routes.ts';
import './cadres.metrics.ts';
export { isDate, todayInChina } from './cadres.rules.ts';
export { cadre } from './cadres.schema.ts';
export { seedDemoCadres } from './cadres.seed.ts';
export { subtreesFor } from './scope.ts';

export const cadresModule = defineModule({
  name: 'cadres',
  label: { 'zh-CN': '团干部', 'en-US': 'Cadres' },
  routes: [cadresRoutes],
  jobs: [],
});
