// The org-life module's field labels and error codes (meetings and branch ratings), in one place:
// the console and tests branch on `org-life.<code>`, never on the prose.
import { defineErrors, type Messages } from '../../platform/errors.ts';

/** Fields of meetings and ratings as users see them (the kernel's shared ones are not repeated). */
export const orgLifeLabels: Record<string, Messages> = {
  kind: { 'zh-CN': '会议类型', 'en-US': 'Meeting kind' },
  heldOn: { 'zh-CN': '日期', 'en-US': 'Date' },
  topic: { 'zh-CN': '主题', 'en-US': 'Topic' },
  minutes: { 'zh-CN': '会议记录', 'en-US': 'Minutes' },
  hours: { 'zh-CN': '学时', 'en-US': 'Hours' },
  attendeeIds: { 'zh-CN': '参加人员', 'en-US': 'Attendees' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  year: { 'zh-CN': '年度', 'en-US': 'Year' },
  declared: { 'zh-CN': '自评指标', 'en-US': 'Declared indicators' },
  vetoes: { 'zh-CN': '否决项', 'en-US': 'Veto items' },
  grade: { 'zh-CN': '等次', 'en-US': 'Grade' },
  comment: { 'zh-CN': '审核意见', 'en-US': 'Review comment' },
};

export const orgLifeErrors = defineErrors('org-life', orgLifeLabels, {
  meeting_void: { 'zh-CN': '该记录已作废', 'en-US': 'this record is void' },
  too_many_files: { 'zh-CN': '每条记录最多 {max} 个附件', 'en-US': 'at most {max} files per record' },
  branch_too_young: { 'zh-CN': '成立不满 {months} 个月的团支部不参加对标定级', 'en-US': 'branches less than {months} months old are not rated' },
  rating_locked: { 'zh-CN': '该年度的定级已提交或已审定，不能再修改', 'en-US': 'this year’s rating is submitted or approved and cannot change' },
  evidence_locked: { 'zh-CN': '已提交的定级不能再添加佐证', 'en-US': 'a submitted rating takes no more evidence' },
  /** `grade`: the grade's label; `unit`: the org the quota counts in */
  quota_full: {
    'zh-CN': '{unit}{year} 年“{grade}”名额已满：上限 {percent}%（{limit} 个），已审定 {used} 个',
    'en-US': '{grade} quota of {unit} for {year} is full: at most {percent}% ({limit}), {used} approved',
  },
});
