// How the hotline's coded values read, in both languages: exports, figures and messages.
import type { Messages } from '../../platform/errors.ts';
import type { CaseChannel, CaseOutcome, GroupWorkKind, ReferralAgency, RiskLevel } from './hotline.schema.ts';

export const channelLabels: Record<CaseChannel, Messages> = {
  phone: { 'zh-CN': '12355 热线', 'en-US': '12355 phone' },
  web: { 'zh-CN': '网络留言', 'en-US': 'Web form' },
  mobile: { 'zh-CN': '手机求助', 'en-US': 'Phone page' },
  walk_in: { 'zh-CN': '来访', 'en-US': 'Walk-in' },
  referral_in: { 'zh-CN': '转入', 'en-US': 'Referred in' },
};
export const riskLabels: Record<RiskLevel, Messages> = {
  low: { 'zh-CN': '低', 'en-US': 'Low' },
  medium: { 'zh-CN': '中', 'en-US': 'Medium' },
  high: { 'zh-CN': '高', 'en-US': 'High' },
  critical: { 'zh-CN': '危急', 'en-US': 'Critical' },
};
export const outcomeLabels: Record<CaseOutcome, Messages> = {
  resolved: { 'zh-CN': '问题解决', 'en-US': 'Resolved' },
  advised: { 'zh-CN': '已提供咨询建议', 'en-US': 'Advice given' },
  referred: { 'zh-CN': '转介办结', 'en-US': 'Referred' },
  no_contact: { 'zh-CN': '无法联系', 'en-US': 'No contact' },
  withdrawn: { 'zh-CN': '来电人撤回', 'en-US': 'Withdrawn' },
};
export const agencyLabels: Record<ReferralAgency, Messages> = {
  '110': { 'zh-CN': '110 公安', 'en-US': '110 police' },
  '12345': { 'zh-CN': '12345 政务服务', 'en-US': '12345 government hotline' },
  '12348': { 'zh-CN': '12348 法律援助', 'en-US': '12348 legal aid' },
  '12338': { 'zh-CN': '12338 妇联', 'en-US': "12338 women's federation" },
  school: { 'zh-CN': '学校', 'en-US': 'School' },
  hospital: { 'zh-CN': '医院', 'en-US': 'Hospital' },
  other: { 'zh-CN': '其他机构', 'en-US': 'Other agency' },
};
export const groupWorkLabels: Record<GroupWorkKind, Messages> = {
  lecture: { 'zh-CN': '讲座', 'en-US': 'Lecture' },
  group_counselling: { 'zh-CN': '团体辅导（减压辅导）', 'en-US': 'Group counselling' },
};
