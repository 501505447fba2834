import { defineErrors, type Messages, personNameLabel } from '../../platform/errors.ts';

/**
 * The people module's field labels; the kernel's shared ones (personId, name, idNumber, phone,
 * gender, birthDate, orgId) are not repeated here.
 */
export const peopleLabels: Record<string, Messages> = {
  // a person's name is 姓名 (the kernel's `name` is an org's 名称)
  name: personNameLabel,
  requestId: { 'zh-CN': '关联申请', 'en-US': 'Link request' },
  purpose: { 'zh-CN': '关联用途', 'en-US': 'Purpose' },
  reason: { 'zh-CN': '理由', 'en-US': 'Reason' },
};

export const peopleErrors = defineErrors('people', peopleLabels, {
  link_decided: {
    'zh-CN': '{field}已处理（{status}），不能再次处理',
    'en-US': '{field}: this request was already decided ({status})',
    status: 409,
  },
  link_use_transfer: {
    'zh-CN': '{field}是在册团员：团员组织关系只能通过组织关系转接办理，请退回此申请，或在“组织关系转接”中发起转接',
    'en-US': '{field} is an active league member: membership moves only by transfer; decline this request, or start a transfer under Transfers',
  },
  link_claimed: {
    'zh-CN': '{field}已绑定其他账号，不能再关联新账号',
    'en-US': '{field} is already linked to another account',
    status: 409,
  },
  link_requester_gone: {
    'zh-CN': '{field}：申请方组织或账号已不可用，请退回此申请',
    'en-US': '{field}: the requesting organisation or account is no longer active; decline this request',
  },
});
