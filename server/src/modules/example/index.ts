// The example module of docs/adding-a-module.md: the smallest complete module (routes, a figure,
// error codes, labels). It is not part of the product — server/src/modules.ts does not list it —
// and example.test.ts builds the app with it, so the documented shape is kept working.
import { defineModule } from '../../platform/module.ts';
import { exampleErrors, exampleLabels } from './example.errors.ts';
import { exampleMetrics } from './example.metrics.ts';
import { exampleRoutes } from './example.routes.ts';

export const exampleModule = defineModule({
  name: 'example',
  label: { 'zh-CN': '示例', 'en-US': 'Example' },
  routes: [exampleRoutes],
  metrics: exampleMetrics,
  labels: exampleLabels,
  permissions: ['org.read', 'member.read'],
  menu: [{ path: '/example', label: { 'zh-CN': '示例', 'en-US': 'Example' }, permission: 'org.read' }],
  errors: exampleErrors,
});
