import { defineErrors, type Messages } from '../../platform/errors.ts';

/**
 * The module's field labels, for messages that name a field. The kernel's shared ones (orgId,
 * personId, from, to …) are not repeated here.
 */
export const volunteerHoursLabels: Record<string, Messages> = {
  token: { 'zh-CN': '签到码', 'en-US': 'Check-in code' },
  scannedAt: { 'zh-CN': '扫码时间', 'en-US': 'Scan time' },
  lat: { 'zh-CN': '位置', 'en-US': 'Location' },
  shiftId: { 'zh-CN': '服务时段', 'en-US': 'Shift' },
  volunteerId: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  hours: { 'zh-CN': '时长', 'en-US': 'Hours' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  enteredBy: { 'zh-CN': '录入人', 'en-US': 'Entered by' },
  claimId: { 'zh-CN': '补录申报', 'en-US': 'Hand entry' },
  reversesId: { 'zh-CN': '被冲正记录', 'en-US': 'Reversed entry' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  noticeFrom: { 'zh-CN': '公示开始日期', 'en-US': 'Notice start' },
  number: { 'zh-CN': '证明编号', 'en-US': 'Certificate number' },
  responsiblePerson: { 'zh-CN': '负责人', 'en-US': 'Responsible person' },
  contact: { 'zh-CN': '联系方式', 'en-US': 'Contact' },
  code: { 'zh-CN': '验证码', 'en-US': 'Verification code' },
  font: { 'zh-CN': '字体', 'en-US': 'Font' },
};

/** Every business error of the volunteer-hours module: one code, both languages, the field it concerns. */
export const volunteerHoursErrors = defineErrors('volunteer-hours', volunteerHoursLabels, {
  // the phone's account
  no_person: {
    'zh-CN': '此账号未关联个人信息，请先实名注册',
    'en-US': 'this account is not linked to a person; register with your real name first',
  },
  not_a_volunteer: { 'zh-CN': '您还不是注册志愿者，请先注册', 'en-US': 'you are not a registered volunteer yet; register first' },
  // check-in codes and scans
  shift_cancelled: { 'zh-CN': '该时段已取消', 'en-US': 'this shift is cancelled' },
  not_signed_up: { 'zh-CN': '您没有报名（或未获确认）该时段，不能签到', 'en-US': 'you have no confirmed place on this shift' },
  location_required: {
    'zh-CN': '该活动要求在现场签到，请允许获取位置后重试',
    'en-US': 'this activity checks your location; allow location access and retry',
  },
  outside_geofence: {
    'zh-CN': '您距活动地点约 {distance} 米，超出签到范围 {radius} 米',
    'en-US': 'you are about {distance} m from the activity, outside its {radius} m check-in area',
  },
  scan_too_old: {
    'zh-CN': '离线扫码已超过 {hours} 小时，不能再提交',
    'en-US': 'an offline scan older than {hours} hours cannot be submitted',
  },
  code_expired: { 'zh-CN': '签到码已过期，请扫描屏幕上最新的二维码', 'en-US': 'the check-in code has expired; scan the current one on screen' },
  too_many_wrong_codes: {
    'zh-CN': '签到码输错次数过多，请 {minutes} 分钟后再试，或扫描现场二维码',
    'en-US': 'too many wrong check-in codes; try again in {minutes} minutes, or scan the QR code on site',
  },
  already_checked_in: { 'zh-CN': '您已签到过该时段', 'en-US': 'you have already checked in to this shift' },
  already_checked_out: { 'zh-CN': '您已签退过该时段', 'en-US': 'you have already checked out of this shift' },
  not_checked_in: { 'zh-CN': '尚未签到，不能签退', 'en-US': 'you have not checked in, so you cannot check out' },
  checkout_before_checkin: { 'zh-CN': '签退时间须晚于签到时间', 'en-US': 'check-out must be after check-in' },
  // hand entries and the ledger
  over_shift_length: {
    'zh-CN': '超过该时段时长 {slot} 小时（已记录或待审 {used} 小时）',
    'en-US': "more than the shift's {slot} h ({used} h already recorded or pending)",
  },
  claim_decided: { 'zh-CN': '该申报已处理', 'en-US': 'this entry has already been decided' },
  own_claim: {
    'zh-CN': '不能审核自己录入的时长，请由他人审核',
    'en-US': 'you cannot approve hours you entered yourself; someone else must',
  },
  reversal_of_reversal: { 'zh-CN': '冲正记录本身不能再冲正', 'en-US': 'a reversing entry cannot itself be reversed' },
  already_reversed: { 'zh-CN': '该记录已冲正', 'en-US': 'this entry has already been reversed' },
  // star volunteers
  star_status: { 'zh-CN': '当前状态（{status}）不能进行此操作', 'en-US': 'not allowed while the award is {status}' },
  star_changed: { 'zh-CN': '状态已被他人更改，请刷新', 'en-US': 'someone else changed it; reload' },
  notice_running: {
    'zh-CN': '公示须满 {days} 个工作日（至 {until}），之后才能认定',
    'en-US': 'the public notice must run {days} working days (until {until}) before certification',
  },
  // certificates
  no_hours_recorded: {
    'zh-CN': '该组织在此期间没有记录该志愿者的服务时长：证明由记录时长的组织出具',
    'en-US': 'this org recorded no hours for the volunteer in the period; the org that recorded the hours issues the certificate',
  },
  font_missing: {
    'zh-CN': '找不到中文字体 {file}，无法生成证明 PDF：请安装 Debian 软件包 fonts-noto-cjk',
    'en-US': 'CJK font not found at {file}: install the Debian package fonts-noto-cjk to print certificates',
  },
});
