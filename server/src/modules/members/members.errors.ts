// The members module's field labels and error codes, in one place: the console and tests branch
// on `members.<code>`, never on the prose. 团员与团员发展的字段名与错误码。
import { defineErrors, type Messages } from '../../platform/errors.ts';

/**
 * Fields of members and applications as users see them (the kernel's shared ones — orgId,
 * personId, birthDate … — are not repeated). Labels are per module: member-life calls its
 * appliedOn 入党申请日期, here it is the application to join the league.
 */
export const membersLabels: Record<string, Messages> = {
  developmentNumber: { 'zh-CN': '发展团员编号', 'en-US': 'Development number' },
  admittedOn: { 'zh-CN': '入团日期', 'en-US': 'Admission date' },
  appliedOn: { 'zh-CN': '申请日期', 'en-US': 'Application date' },
  sponsor1Id: { 'zh-CN': '第一入团介绍人', 'en-US': 'First sponsor' },
  sponsor2Id: { 'zh-CN': '第二入团介绍人', 'en-US': 'Second sponsor' },
  lessonHours: { 'zh-CN': '团课学时', 'en-US': 'League lesson hours' },
  hours: { 'zh-CN': '本次学时', 'en-US': 'Hours' },
  eligible: { 'zh-CN': '有表决权的团员数', 'en-US': 'Eligible voting members' },
  present: { 'zh-CN': '到会人数', 'en-US': 'Members present' },
  yes: { 'zh-CN': '赞成票', 'en-US': 'Yes votes' },
  date: { 'zh-CN': '日期', 'en-US': 'Date' },
  quota: { 'zh-CN': '发展指标', 'en-US': 'Quota' },
  route: { 'zh-CN': '推荐途径', 'en-US': 'Route' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  year: { 'zh-CN': '年份', 'en-US': 'Year' },
  cohortSize: { 'zh-CN': '年级人数', 'en-US': 'Cohort size' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  branch: { 'zh-CN': '所在团支部', 'en-US': 'Branch' },
};

export const membersErrors = defineErrors('members', membersLabels, {
  /** `what`: the earlier step's date, named in both languages; `day`: that date */
  date_before: { 'zh-CN': '不能早于{what}（{day}）', 'en-US': 'must not be before {what} ({day})' },
  /** `age`: the joining age; `day`: the day the person reaches it */
  too_young: { 'zh-CN': '入团时未满 {age} 周岁（{day} 满 {age} 周岁）', 'en-US': 'under {age} on that day (turns {age} on {day})' },
  too_old: { 'zh-CN': '入团时已满 {age} 周岁，超出团员年龄', 'en-US': 'already {age} on that day: past league age' },
  applicant_too_young: { 'zh-CN': '申请人未满 {age} 周岁（{day} 满 {age} 周岁）', 'en-US': 'the applicant is under {age} (turns {age} on {day})' },
  applicant_too_old: { 'zh-CN': '申请人已满 {age} 周岁，超出团员年龄', 'en-US': 'the applicant is {age} or older: past league age' },
  already_member: { 'zh-CN': '此人已是在册团员', 'en-US': 'this person is already an active member' },
  open_application: { 'zh-CN': '此人已有一份在办的入团申请', 'en-US': 'this person already has an open application' },
  /** `initial`: the first character of the name on file */
  other_name: { 'zh-CN': '身份证号已登记为另一姓名（{initial}**）', 'en-US': 'this ID number is on file under another name ({initial}**)' },
  kept_elsewhere: {
    'zh-CN': '此身份证号由其他组织登记：请单独录入此人，系统将向其登记组织发出关联申请',
    'en-US': 'this ID number is kept by another organization: enter this person alone to send their keeper a link request',
  },
  member_left: { 'zh-CN': '已离团的团员记录不能修改', 'en-US': 'the record of a member who has left cannot be edited' },
  no_quorum: {
    'zh-CN': '到会 {present} 人未超过有表决权团员 {eligible} 人的半数，会议无效',
    'en-US': '{present} present is not more than half of {eligible} voting members: no quorum',
  },
  training_too_short: {
    'zh-CN': '入团积极分子培养期不足 {months} 个月（{since} 起）',
    'en-US': 'the activist has trained less than {months} months (since {since})',
  },
  lessons_too_few: { 'zh-CN': '团课学时 {hours}，不足 {required} 学时', 'en-US': '{hours} lesson hours, fewer than {required}' },
  sponsor_not_visible: { 'zh-CN': '入团介绍人不是可见的在册团员', 'en-US': 'the sponsor is not a member you can see' },
  sponsor_is_applicant: { 'zh-CN': '申请人不能作自己的介绍人', 'en-US': 'applicants cannot sponsor themselves' },
  sponsor_not_full_member: { 'zh-CN': '入团介绍人须为正式团员（在册且已入团）', 'en-US': 'the sponsor must be an active full member' },
  same_sponsors: { 'zh-CN': '两名介绍人不能是同一人', 'en-US': 'the two sponsors must differ' },
  /** the org that declared the cohort, the year, and the use against its share */
  quota_full: {
    'zh-CN': '{org} {year} 年发展指标已满（{used}/{max}，年级 {cohort} 人的 {percent}%）；如确需批准请填写超指标理由',
    'en-US': "{org}'s {year} quota is used up ({used}/{max}, {percent}% of {cohort}); give a reason to override",
  },
});
