// The accounts module's public face: its definition, what the CLI, seeding and tests use to make
// accounts, and `personOf` (the person behind a phone user's account) for the self-service pages
// of other modules.
import { defineModule } from '../../platform/module.ts';
import { accountsErrors, accountsLabels } from './accounts.errors.ts';
import { loginThrottlePrune } from './accounts.jobs.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accountsEntities } from './accounts.service.ts';
import { selfRoutes } from './self.routes.ts';
export { createAccount, createAdmin } from './accounts.service.ts';
export { personOf } from './self.service.ts';

export const accountsModule = defineModule({
  name: 'accounts',
  label: { 'zh-CN': '账号', 'en-US': 'Accounts' },
  routes: [accountsRoutes, selfRoutes],
  jobs: [loginThrottlePrune],
  entities: accountsEntities,
  labels: accountsLabels,
  uniqueFields: { account_username_uq: 'username' },
  permissions: ['account.read', 'account.manage'],
  menu: [{ path: '/accounts', label: { 'zh-CN': '账号', 'en-US': 'Accounts' }, permission: 'account.read' }],
  errors: accountsErrors,
});
