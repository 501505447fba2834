// The accounts module's field labels and error codes, in one place: the console and tests branch
// on `accounts.<code>`, never on the prose. 账号的字段名与错误码。
import { defineErrors, type Messages, personNameLabel } from '../../platform/errors.ts';

/** Fields of accounts and grants as users see them (the kernel's shared ones are not repeated). */
export const accountsLabels: Record<string, Messages> = {
  id: { 'zh-CN': '账号', 'en-US': 'Account' },
  username: { 'zh-CN': '用户名', 'en-US': 'Username' },
  displayName: { 'zh-CN': '姓名', 'en-US': 'Display name' },
  // the person's name given at sign-up (the kernel's `name` is an org's 名称)
  name: personNameLabel,
  password: { 'zh-CN': '密码', 'en-US': 'Password' },
  role: { 'zh-CN': '角色', 'en-US': 'Role' },
  grantOrgId: { 'zh-CN': '授权组织', 'en-US': 'Grant org' },
  grantId: { 'zh-CN': '授权', 'en-US': 'Grant' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
};

export const accountsErrors = defineErrors('accounts', accountsLabels, {
  /** `missing`: the permissions of the role the actor does not hold there */
  role_beyond_own: {
    'zh-CN': '不能授予超出自身权限的角色（缺少 {missing}）',
    'en-US': 'cannot grant more than you hold (missing {missing})',
  },
  grants_beyond_own: {
    'zh-CN': '该账号拥有超出您权限的授权，只能由更上级的管理员操作',
    'en-US': 'this account holds grants beyond yours; an administrator above you must do this',
  },
  disable_self: { 'zh-CN': '不能停用自己的账号', 'en-US': 'you cannot disable your own account' },
  revoke_own_grant: {
    'zh-CN': '不能撤销自己的授权，请由上级管理员操作',
    'en-US': 'you cannot revoke your own grant; ask an administrator above you',
  },
  no_person: {
    'zh-CN': '此账号未关联个人信息，请先实名注册',
    'en-US': 'this account is not linked to a person; register with your real name first',
  },
});
