import { defineErrors } from '../../platform/errors.ts';

/** The study module's field labels (the kernel's shared ones — orgId, name … — are not repeated). */
export const studyLabels = {
  episodeId: { 'zh-CN': '学习期次', 'en-US': 'Study issue' },
  ownerOrgId: { 'zh-CN': '发布组织', 'en-US': 'Publishing org' },
  number: { 'zh-CN': '期号', 'en-US': 'Issue number' },
  title: { 'zh-CN': '标题', 'en-US': 'Title' },
  startsOn: { 'zh-CN': '开始日期', 'en-US': 'Start date' },
  endsOn: { 'zh-CN': '截止日期', 'en-US': 'End date' },
  studiedAt: { 'zh-CN': '完成时间', 'en-US': 'Completion time' },
  memberId: { 'zh-CN': '团员', 'en-US': 'Member' },
};

/** Every business error of 青年大学习: issues, the participation import and “I studied”. */
export const studyErrors = defineErrors('study', studyLabels, {
  outside_period: {
    'zh-CN': '须在本期学习时间内（{from} 至 {to}）',
    'en-US': 'must fall within the issue’s period ({from} to {to})',
  },
  member_not_covered: { 'zh-CN': '本期学习覆盖的组织范围内没有该团员', 'en-US': 'no such member within the orgs this issue covers' },
  name_mismatch: { 'zh-CN': '姓名与团员档案不符', 'en-US': 'the name differs from the member record' },
  not_member_then: { 'zh-CN': '学习时不是正式团员', 'en-US': 'was not a full member on the day of study' },
  not_member_yet: { 'zh-CN': '入团之后方可记录学习', 'en-US': 'only members may record studying' },
  not_a_member: { 'zh-CN': '您目前不是在册团员', 'en-US': 'you are not a current league member' },
});
