import { defineErrors, type Messages } from '../../platform/errors.ts';

/**
 * The module's field labels, for messages that name a field. The kernel's shared ones (orgId,
 * personId, name, idNumber, birthDate …) are not repeated here.
 */
export const volunteersLabels: Record<string, Messages> = {
  volunteerId: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  number: { 'zh-CN': '志愿者编号', 'en-US': 'Volunteer number' },
  registeredOn: { 'zh-CN': '注册日期', 'en-US': 'Registered on' },
  guardianName: { 'zh-CN': '监护人姓名', 'en-US': 'Guardian name' },
  guardianRelation: { 'zh-CN': '与监护人关系', 'en-US': 'Guardian relation' },
  guardianConsentOn: { 'zh-CN': '监护人同意日期', 'en-US': 'Guardian consent date' },
  insuredUntil: { 'zh-CN': '保险有效期至', 'en-US': 'Insured until' },
  skills: { 'zh-CN': '技能', 'en-US': 'Skills' },
  areas: { 'zh-CN': '服务领域', 'en-US': 'Service areas' },
  trainings: { 'zh-CN': '已参加培训', 'en-US': 'Trainings' },
  // teams, stations, projects
  star: { 'zh-CN': '星级', 'en-US': 'Stars' },
  target: { 'zh-CN': '招募目标', 'en-US': 'Recruitment target' },
  address: { 'zh-CN': '地址', 'en-US': 'Address' },
  theme: { 'zh-CN': '主题', 'en-US': 'Theme' },
  endOn: { 'zh-CN': '结束日期', 'en-US': 'End date' },
  // activities and shifts
  title: { 'zh-CN': '活动名称', 'en-US': 'Title' },
  minAge: { 'zh-CN': '最低年龄', 'en-US': 'Minimum age' },
  maxAge: { 'zh-CN': '最高年龄', 'en-US': 'Maximum age' },
  geofenceM: { 'zh-CN': '签到范围（米）', 'en-US': 'Geofence (m)' },
  lat: { 'zh-CN': '纬度', 'en-US': 'Latitude' },
  lng: { 'zh-CN': '经度', 'en-US': 'Longitude' },
  teamId: { 'zh-CN': '志愿队伍', 'en-US': 'Team' },
  projectId: { 'zh-CN': '志愿项目', 'en-US': 'Project' },
  shifts: { 'zh-CN': '班次', 'en-US': 'Shifts' },
  shiftId: { 'zh-CN': '班次', 'en-US': 'Shift' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  capacity: { 'zh-CN': '名额', 'en-US': 'Capacity' },
  // sign-ups
  signup: { 'zh-CN': '报名', 'en-US': 'Sign-up' },
  signupId: { 'zh-CN': '报名', 'en-US': 'Sign-up' },
  offeredUntil: { 'zh-CN': '递补确认期限', 'en-US': 'Offer deadline' },
  reason: { 'zh-CN': '理由', 'en-US': 'Reason' },
};

/** Every business error of the volunteers module: one code, both languages, the field it concerns. */
export const volunteersErrors = defineErrors('volunteers', volunteersLabels, {
  // registration (《志愿服务条例》)
  too_young: {
    'zh-CN': '未满 {min} 周岁（{on} 时 {age} 周岁）不能注册为志愿者',
    'en-US': 'under {min} ({age} on {on}): cannot register as a volunteer',
  },
  guardian_consent_required: { 'zh-CN': '{band}须有监护人同意：请填写{field}', 'en-US': '{band}: guardian consent is required; give the {field}' },
  already_registered: { 'zh-CN': '{name} 已注册为志愿者', 'en-US': '{name} is already a registered volunteer' },
  // teams and projects
  team_dissolved: { 'zh-CN': '队伍已解散', 'en-US': 'the team is dissolved' },
  project_closed: { 'zh-CN': '项目已结束', 'en-US': 'the project is closed' },
  // activities and shifts
  activity_closed: { 'zh-CN': '活动已取消或结束，不能{action}', 'en-US': 'the activity is cancelled or closed: cannot {action}' },
  activity_status: { 'zh-CN': '活动当前为「{status}」，不能{action}', 'en-US': 'the activity is {status}: cannot {action} it' },
  no_open_shift: { 'zh-CN': '发布前请至少添加一个班次', 'en-US': 'add at least one shift before publishing' },
  shift_already_cancelled: { 'zh-CN': '班次已取消', 'en-US': 'the shift is already cancelled' },
  // eligibility for an activity, on the shift's date
  below_min_age: {
    'zh-CN': '活动要求年满 {min} 周岁，该志愿者在 {on} 时 {age} 周岁',
    'en-US': 'the activity requires age {min} or over; the volunteer is {age} on {on}',
  },
  above_max_age: {
    'zh-CN': '活动要求不超过 {max} 周岁，该志愿者在 {on} 时 {age} 周岁',
    'en-US': 'the activity requires age {max} or under; the volunteer is {age} on {on}',
  },
  skills_missing: { 'zh-CN': '活动要求具备技能：{skills}', 'en-US': 'the activity requires the skills: {skills}' },
  insurance_missing: {
    'zh-CN': '活动要求参加意外保险，该志愿者的保险在 {on} 时未登记',
    'en-US': "the activity requires accident insurance valid on {on}; the volunteer's is not recorded",
  },
  insurance_expired: {
    'zh-CN': '活动要求参加意外保险，该志愿者的保险在 {on} 时已过期（至 {until}）',
    'en-US': "the activity requires accident insurance valid on {on}; the volunteer's ended {until}",
  },
  training_missing: { 'zh-CN': '活动要求先完成培训「{training}」', 'en-US': 'the activity requires the training "{training}"' },
  // signing up and the waiting list
  shift_cancelled: { 'zh-CN': '活动或班次已取消，不能报名', 'en-US': 'the activity or shift is cancelled' },
  not_open_for_signup: { 'zh-CN': '活动未发布或已结束，不能报名', 'en-US': 'the activity is not open for sign-up' },
  shift_started: { 'zh-CN': '班次已开始或已结束，不能报名', 'en-US': 'the shift has already started' },
  volunteer_inactive: { 'zh-CN': '志愿者状态不是“在册”，不能报名', 'en-US': 'the volunteer is not active' },
  shift_full: {
    'zh-CN': '班次已满（{capacity} 人），本活动不设候补',
    'en-US': 'the shift is full ({capacity}) and keeps no waiting list',
  },
  signup_over: { 'zh-CN': '该报名已取消、被拒绝或已结束', 'en-US': 'the sign-up is already cancelled, rejected or over' },
  cancel_after_start: { 'zh-CN': '班次已开始，不能取消报名', 'en-US': 'the shift has started; the sign-up cannot be cancelled' },
  no_offer: { 'zh-CN': '该报名没有待确认的递补名额', 'en-US': 'no place is offered to this sign-up' },
  offer_expired: { 'zh-CN': '递补名额的确认期限已过，名额已顺延给下一位', 'en-US': 'the offer has expired and passed to the next in line' },
  not_pending: { 'zh-CN': '只有待审核的报名可以通过', 'en-US': 'only a pending sign-up can be approved' },
  not_rejectable: { 'zh-CN': '只有待审核或候补中的报名可以不通过', 'en-US': 'only a pending or waitlisted sign-up can be rejected' },
  not_confirmed: { 'zh-CN': '只有已确认的报名可以标记缺席', 'en-US': 'only a confirmed sign-up can be marked no-show' },
  shift_not_ended: { 'zh-CN': '班次结束后才能标记缺席', 'en-US': 'mark no-shows after the shift has ended' },
});
