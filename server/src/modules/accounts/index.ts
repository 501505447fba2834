// The accounts module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { selfRoutes } from './self.routes.ts';
export { createAccount, createAdmin } from './accounts.service.ts';
export { personOf } from './self.service.ts';

export const accountsModule = defineModule({
  name: 'accounts',
  label: { 'zh-CN': '账号', 'en-US': 'Accounts' },
  routes: [accountsRoutes, selfRoutes],
  jobs: [],
});
