import { defineErrors, personNameLabel } from '../../platform/errors.ts';

/**
 * The member-life module's field labels (the kernel's shared ones — orgId, personId, from, to … —
 * are not repeated). `appliedOn` is the Party application here (推优入党), not the league one.
 */
export const memberLifeLabels = {
  /** a transfer request names the person as on the ID card */
  name: personNameLabel,
  memberId: { 'zh-CN': '团员', 'en-US': 'Member' },
  toOrgId: { 'zh-CN': '转入组织', 'en-US': 'Destination org' },
  branchId: { 'zh-CN': '接收支部', 'en-US': 'Receiving branch' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  note: { 'zh-CN': '说明', 'en-US': 'Note' },
  fromMonth: { 'zh-CN': '起始月份', 'en-US': 'From month' },
  toMonth: { 'zh-CN': '截止月份', 'en-US': 'To month' },
  amountFen: { 'zh-CN': '金额（分）', 'en-US': 'Amount (fen)' },
  paidOn: { 'zh-CN': '缴纳日期', 'en-US': 'Paid on' },
  method: { 'zh-CN': '缴纳方式', 'en-US': 'Payment method' },
  reversesId: { 'zh-CN': '冲销的记录', 'en-US': 'Reversed entry' },
  year: { 'zh-CN': '年度', 'en-US': 'Year' },
  months: { 'zh-CN': '暂缓月数', 'en-US': 'Deferral months' },
  registeredOn: { 'zh-CN': '注册日期', 'en-US': 'Registered on' },
  deferredOn: { 'zh-CN': '暂缓日期', 'en-US': 'Deferred on' },
  heldOn: { 'zh-CN': '评议会日期', 'en-US': 'Review meeting date' },
  grades: { 'zh-CN': '评议等次', 'en-US': 'Grades' },
  attended: { 'zh-CN': '到会人数', 'en-US': 'Attended' },
  expected: { 'zh-CN': '应到人数', 'en-US': 'Expected' },
  leftOn: { 'zh-CN': '离团日期', 'en-US': 'Left on' },
  meetingOn: { 'zh-CN': '会议日期', 'en-US': 'Meeting date' },
  appliedOn: { 'zh-CN': '入党申请日期', 'en-US': 'Party application date' },
  present: { 'zh-CN': '到会人数', 'en-US': 'Present' },
  yes: { 'zh-CN': '赞成票', 'en-US': 'Yes votes' },
  voters: { 'zh-CN': '有表决权的团员数', 'en-US': 'Voting members' },
  requestedOn: { 'zh-CN': '发起日期', 'en-US': 'Requested on' },
  decidedOn: { 'zh-CN': '办理日期', 'en-US': 'Decided on' },
  dueOn: { 'zh-CN': '截止日期', 'en-US': 'Due on' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
};

/** Every business error of transfers, dues, registration and review, leaving and 推优入党. */
export const memberLifeErrors = defineErrors('member-life', memberLifeLabels, {
  // ---- members ----
  member_left: { 'zh-CN': '该团员已离团', 'en-US': 'the member has left the league' },
  not_a_member: { 'zh-CN': '您目前不是在册团员', 'en-US': 'you are not a current league member' },
  approval_above: {
    'zh-CN': '须由上级团委审批（需要上级组织的审批权限）',
    'en-US': 'must be approved by the committee above (approval rights on the parent org are required)',
  },
  // ---- transfers ----
  already_in_org: { 'zh-CN': '团员已在该组织内', 'en-US': 'the member already belongs to this org' },
  destination_not_school: { 'zh-CN': '因升学转接，须转入学校团组织', 'en-US': 'a transfer for study must go to a school’s league org' },
  destination_not_employer: {
    'zh-CN': '因就业转接，须转入工作单位团组织或乡镇（街道）学社衔接临时团支部',
    'en-US': 'a transfer for work must go to the employer’s league org or a temporary branch of a township/street',
  },
  destination_not_residence: {
    'zh-CN': '出国（境）或待业转接，须转入居住地乡镇（街道）团组织',
    'en-US': 'a transfer abroad or while unemployed must go to the township/street of residence',
  },
  transfer_exists: { status: 409, 'zh-CN': '该团员已有待处理的组织关系转接', 'en-US': 'the member already has a pending transfer' },
  transfer_decided: { 'zh-CN': '该转接已处理（{status}）', 'en-US': 'this transfer is already decided ({status})' },
  receiver_only: { 'zh-CN': '只有接收方组织可以接收或退回', 'en-US': 'only the receiving side may approve or reject' },
  sides_only: { 'zh-CN': '只有转出方或转入方可以撤回', 'en-US': 'only the sending or receiving side may withdraw' },
  consent_missing: {
    'zh-CN': '该转接由转入方发起，未经团员所在组织同意，不能接收',
    'en-US': 'the receiving side started this transfer without the consent of the member’s own org; it cannot be approved',
  },
  // ---- transfer requests (the receiving side asks, the member's side consents) ----
  request_exists: { status: 409, 'zh-CN': '已向该人员提出转入申请，尚待答复', 'en-US': 'a request for this person to this org is already open' },
  request_decided: { 'zh-CN': '该转入申请已处理（{status}）', 'en-US': 'this transfer request is already settled ({status})' },
  member_side_only: {
    'zh-CN': '只有团员所在组织可以同意或拒绝转入申请',
    'en-US': 'only the member’s own org may consent to or decline a transfer request',
  },
  requester_only: { 'zh-CN': '只有提出申请的转入方可以撤回', 'en-US': 'only the requesting side may withdraw the request' },
  // ---- dues ----
  months_paid: { 'zh-CN': '{from} 至 {to} 已缴纳，请勿重复录入', 'en-US': '{from} to {to} is already paid' },
  reversal_final: { 'zh-CN': '冲销记录不能再冲销', 'en-US': 'a reversal cannot be reversed' },
  already_reversed: { 'zh-CN': '该记录已冲销', 'en-US': 'this entry is already reversed' },
  // ---- registration and review ----
  rated_unqualified: { 'zh-CN': '{year} 年度评议为不合格，不能注册', 'en-US': 'rated unqualified in the {year} review; cannot register' },
  review_missing: { 'zh-CN': '尚无已批准的年度评议结果，须先完成评议', 'en-US': 'no approved annual review yet; complete the review first' },
  already_registered: { status: 409, 'zh-CN': '{year} 年度团籍注册已完成', 'en-US': 'already registered for {year}' },
  review_quorum: {
    'zh-CN': '评议会到会人数须达到应到人数的三分之二',
    'en-US': 'at least two thirds of the members must attend the review',
  },
  too_many_excellent: {
    'zh-CN': '“优秀”不得超过参评人数的 30%（{reviewed} 人参评，最多 {max} 人），现为 {excellent} 人',
    'en-US': '"excellent" may go to at most 30% of those reviewed ({max} of {reviewed}); got {excellent}',
  },
  // ---- leaving ----
  under_leaving_age: { 'zh-CN': '离团日期时未满 {age} 周岁，不能超龄离团', 'en-US': 'not yet {age} on that date' },
  holds_league_post: {
    'zh-CN': '担任团内职务（{post}）的团员年满 {age} 周岁后保留团籍',
    'en-US': 'members holding a league post ({post}) keep their membership past {age}',
  },
  pending_transfer: { 'zh-CN': '该团员有待处理的组织关系转接，请先处理', 'en-US': 'the member has a pending transfer; settle it first' },
  admitted_recently: { 'zh-CN': '入团不满 {months} 个月，不能按自行脱团处理', 'en-US': 'admitted less than {months} months ago' },
  not_lapsed: {
    'zh-CN': '近 {months} 个月内有缴纳团费或团籍注册记录，不属于自行脱团',
    'en-US': 'paid dues or registered within the last {months} months: not a self-lapse',
  },
  // ---- 推优入党 ----
  no_quorum: { 'zh-CN': '到会人数须超过有表决权团员的半数', 'en-US': 'more than half of the voting members must be present' },
  no_majority: { 'zh-CN': '赞成票须超过有表决权团员的半数', 'en-US': 'yes votes must exceed half of the voting members' },
  not_eligible: { 'zh-CN': '不符合推优条件：{problems}', 'en-US': 'not eligible: {problems}' },
  already_recommended: { 'zh-CN': '已被推荐，推荐有效期至 {until}', 'en-US': 'already recommended; valid until {until}' },
  quota_used: {
    'zh-CN': '本支部 {year} 年推优名额已用完（{used}/{quota}，按团员数的 {percent}%）',
    'en-US': 'the branch has used its {year} quota ({used}/{quota}, {percent}% of members)',
  },
});
