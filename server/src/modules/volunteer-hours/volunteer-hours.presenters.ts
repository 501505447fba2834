import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Nullable } from '../../platform/http.ts';
import type { Lang } from '../../platform/errors.ts';
import { type CertificateRow, fieldsOf } from './certificates.service.ts';
import { claimStatuses, type hourClaim, type hourEntry, hourSources, type starAward, starStatuses } from './volunteer-hours.schema.ts';

export const sourceLabels = {
  tracked: { 'zh-CN': '扫码记录', 'en-US': 'Tracked (check-in)' },
  manual: { 'zh-CN': '补录（已审核）', 'en-US': 'Entered by hand (approved)' },
} as const;
export const flagLabels: Record<string, Record<Lang, string>> = {
  low_coverage: { 'zh-CN': '在岗不足规定比例，不计时长', 'en-US': 'Covered too little of the shift: no hours' },
};
export const starStatusLabels = {
  proposed: { 'zh-CN': '待公示', 'en-US': 'Proposed' },
  in_notice: { 'zh-CN': '公示中', 'en-US': 'On public notice' },
  certified: { 'zh-CN': '已认定', 'en-US': 'Certified' },
  rejected: { 'zh-CN': '不予认定', 'en-US': 'Rejected' },
} as const;
export const claimStatusLabels = {
  pending: { 'zh-CN': '待审核', 'en-US': 'Pending' },
  approved: { 'zh-CN': '已通过', 'en-US': 'Approved' },
  rejected: { 'zh-CN': '已退回', 'en-US': 'Rejected' },
} as const;

export const EntryOut = Type.Object({
  id: Type.String(),
  volunteerId: Type.String(),
  volunteerName: Type.String(),
  volunteerNumber: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  source: Type.Enum(hourSources),
  sourceLabel: Type.String(),
  activityTitle: Nullable(Type.String()),
  shiftId: Nullable(Type.String()),
  serviceDate: Type.String(),
  minutes: Type.Integer(),
  hours: Type.Number(),
  presentMinutes: Nullable(Type.Integer()),
  scheduledMinutes: Nullable(Type.Integer()),
  flag: Nullable(Type.String()),
  flagLabel: Nullable(Type.String()),
  reversesId: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
});

type Named = { orgName: string; volunteerName: string; volunteerNumber: string; activityTitle: string | null };

export function presentEntry(r: Named & { e: typeof hourEntry.$inferSelect }, lang: Lang) {
  const e = r.e;
  return {
    id: e.id,
    volunteerId: e.volunteerId,
    volunteerName: r.volunteerName,
    volunteerNumber: r.volunteerNumber,
    orgId: e.orgId,
    orgName: r.orgName,
    source: e.source,
    sourceLabel: sourceLabels[e.source][lang],
    activityTitle: r.activityTitle,
    shiftId: e.shiftId,
    serviceDate: e.serviceDate,
    minutes: e.minutes,
    hours: e.minutes / 60,
    presentMinutes: e.presentMinutes,
    scheduledMinutes: e.scheduledMinutes,
    flag: e.flag,
    flagLabel: e.flag ? (flagLabels[e.flag]?.[lang] ?? e.flag) : null,
    reversesId: e.reversesId,
    reason: e.reason,
    createdAt: e.createdAt.toISOString(),
  };
}

export const ClaimOut = Type.Object({
  id: Type.String(),
  volunteerId: Type.String(),
  volunteerName: Type.String(),
  volunteerNumber: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  activityTitle: Nullable(Type.String()),
  shiftId: Type.String(),
  serviceDate: Type.String(),
  minutes: Type.Integer(),
  hours: Type.Number(),
  reason: Type.String(),
  status: Type.Enum(claimStatuses),
  statusLabel: Type.String(),
  enteredBy: Type.String(),
  decisionComment: Nullable(Type.String()),
  createdAt: Type.String(),
});

export function presentClaim(r: Named & { c: typeof hourClaim.$inferSelect }, lang: Lang) {
  const c = r.c;
  return {
    id: c.id,
    volunteerId: c.volunteerId,
    volunteerName: r.volunteerName,
    volunteerNumber: r.volunteerNumber,
    orgId: c.orgId,
    orgName: r.orgName,
    activityTitle: r.activityTitle,
    shiftId: c.shiftId,
    serviceDate: c.serviceDate,
    minutes: c.minutes,
    hours: c.minutes / 60,
    reason: c.reason,
    status: c.status,
    statusLabel: claimStatusLabels[c.status][lang],
    enteredBy: c.enteredBy,
    decisionComment: c.decisionComment,
    createdAt: c.createdAt.toISOString(),
  };
}

export const StarOut = Type.Object({
  id: Type.String(),
  volunteerId: Type.String(),
  volunteerName: Type.String(),
  volunteerNumber: Type.String(),
  level: Type.Integer(),
  stars: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  thresholdHours: Type.Integer(),
  hoursAtProposal: Type.Number(),
  proposedOn: Type.String(),
  status: Type.Enum(starStatuses),
  statusLabel: Type.String(),
  noticeFrom: Nullable(Type.String()),
  noticeUntil: Nullable(Type.String()),
  decidedOn: Nullable(Type.String()),
  comment: Nullable(Type.String()),
});

export function presentStar(r: { a: typeof starAward.$inferSelect; orgName: string; volunteerName: string; volunteerNumber: string }, lang: Lang) {
  const a = r.a;
  return {
    id: a.id,
    volunteerId: a.volunteerId,
    volunteerName: r.volunteerName,
    volunteerNumber: r.volunteerNumber,
    level: a.level,
    stars: '★'.repeat(a.level),
    orgId: a.orgId,
    orgName: r.orgName,
    thresholdHours: a.thresholdHours,
    hoursAtProposal: a.minutesAtProposal / 60,
    proposedOn: a.proposedOn,
    status: a.status,
    statusLabel: starStatusLabels[a.status][lang],
    noticeFrom: a.noticeFrom,
    noticeUntil: a.noticeUntil,
    decidedOn: a.decidedOn,
    comment: a.comment,
  };
}

export const CertificateFieldsOut = Type.Object({
  number: Type.String(),
  issuedOn: Type.String(),
  verifyCode: Type.String(),
  volunteerName: Type.String(),
  idType: Type.String(),
  idNumberMasked: Type.String(),
  volunteerNumber: Type.String(),
  trackedHours: Type.Number(),
  manualHours: Type.Number(),
  totalHours: Type.Number(),
  periodFrom: Nullable(Type.String()),
  periodTo: Nullable(Type.String()),
  serviceContent: Type.Array(Type.String()),
  issuerName: Type.String(),
  responsiblePerson: Type.String(),
  handler: Type.String(),
  contact: Type.String(),
});

export const CertificateOut = Type.Object({
  id: Type.String(),
  volunteerId: Type.String(),
  orgId: Type.Integer(),
  status: Type.String(),
  fields: CertificateFieldsOut,
});

export function presentCertificate(row: CertificateRow) {
  return { id: row.id, volunteerId: row.volunteerId, orgId: row.orgId, status: row.status, fields: fieldsOf(row) };
}

/** The address people open from the certificate's QR code: this server as the client reached it. */
export function verifyUrlOf(request: FastifyRequest, code: string): string {
  return `${request.protocol}://${request.host}/verify/${code}`;
}
