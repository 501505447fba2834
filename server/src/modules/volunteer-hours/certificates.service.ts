import { randomInt } from 'node:crypto';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { listScope, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { person } from '../people/index.ts';
import { activity, volunteer } from '../volunteers/index.ts';
import type { CertificateFields } from './certificate.pdf.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';
import { hourEntry, volunteerCertificate } from './volunteer-hours.schema.ts';
import { findVolunteerInfo, totalsOf } from './volunteer-hours.queries.ts';

// Crockford's base32 without I, L, O, U: read aloud or typed from paper without mix-ups.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const randomCode = (n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export type IssueInput = { volunteerId: string; orgId: number; responsiblePerson: string; contact: string; from?: string | null; to?: string | null };

const text = (field: string, v: string, max: number) => {
  const s = v.trim();
  if (s.length < 1 || s.length > max || /[<>\u0000-\u001f]/.test(s)) {
    throw volunteerHoursErrors.invalid(field, { 'zh-CN': `请填写，最多 ${max} 字`, 'en-US': `required, at most ${max} characters` });
  }
  return s;
};

/**
 * Issues a certificate of the hours one org recorded ("谁记录谁证明"): its tracked and manual
 * hours kept apart, the service content, and who stands behind it. The fields are frozen.
 */
export async function issueCertificate(db: Db, actor: Actor, input: IssueInput, today: string) {
  const issuer = requireInScope(actor, 'volunteer.approve', await findOrg(db, input.orgId), 'org');
  const v = await findVolunteerInfo(db, { id: input.volunteerId });
  if (!v) throw errors.notFound('volunteer');
  const responsiblePerson = text('responsiblePerson', input.responsiblePerson, 50);
  const contact = text('contact', input.contact, 100);
  if (input.from && input.to && input.from > input.to)
    throw volunteerHoursErrors.invalid('from', { 'zh-CN': '开始日期不能晚于结束日期', 'en-US': 'must not be after "to"' });
  const range = { orgId: issuer.id, from: input.from ?? null, to: input.to ?? null };
  const totals = await totalsOf(db, v.id, range);
  if (totals.totalMinutes <= 0) throw volunteerHoursErrors.no_hours_recorded('orgId');
  const content = await db
    .selectDistinct({ c: sql<string>`coalesce(${activity.serviceContent}, ${activity.title})` })
    .from(hourEntry)
    .innerJoin(activity, eq(activity.id, hourEntry.activityId))
    .where(
      and(
        eq(hourEntry.volunteerId, v.id),
        eq(hourEntry.orgId, issuer.id),
        sql`${hourEntry.minutes} > 0`,
        range.from ? sql`${hourEntry.serviceDate} >= ${range.from}::date` : undefined,
        range.to ? sql`${hourEntry.serviceDate} <= ${range.to}::date` : undefined,
      ),
    )
    .limit(20);
  const [p] = await db.select({ masked: person.idNumberMasked }).from(person).where(eq(person.id, v.personId));
  const [me] = await db.select({ name: account.displayName }).from(account).where(eq(account.id, actor.accountId));
  const fields: CertificateFields = {
    number: `ZYFW${today.replaceAll('-', '')}${String(issuer.id).padStart(6, '0')}${randomCode(4)}`,
    issuedOn: today,
    verifyCode: randomCode(12),
    volunteerName: v.name,
    idType: p?.masked ? '居民身份证' : '—',
    idNumberMasked: p?.masked ?? '—',
    volunteerNumber: v.number,
    trackedHours: totals.trackedMinutes / 60,
    manualHours: totals.manualMinutes / 60,
    totalHours: totals.totalMinutes / 60,
    periodFrom: range.from,
    periodTo: range.to,
    serviceContent: content.map((r) => r.c).sort(),
    issuerName: issuer.name,
    responsiblePerson,
    handler: me?.name ?? actor.username,
    contact,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(volunteerCertificate)
      .values({
        id: uuidv7(),
        number: fields.number,
        verifyCode: fields.verifyCode,
        volunteerId: v.id,
        orgId: issuer.id,
        issuedOn: today,
        periodFrom: range.from,
        periodTo: range.to,
        trackedMinutes: totals.trackedMinutes,
        manualMinutes: totals.manualMinutes,
        fields,
        issuedBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: 'volunteer_certificate.issued',
      entity: 'volunteer_certificate',
      entityId: row.id,
      orgId: issuer.id,
      orgPath: issuer.path,
      after: { number: fields.number, volunteerId: v.id, trackedMinutes: totals.trackedMinutes, manualMinutes: totals.manualMinutes },
    });
    return row;
  });
}

export type CertificateRow = typeof volunteerCertificate.$inferSelect;

export function fieldsOf(row: CertificateRow): CertificateFields {
  return row.fields as CertificateFields;
}

export async function findCertificate(db: Db, id: string): Promise<CertificateRow | null> {
  const [row] = await db.select().from(volunteerCertificate).where(eq(volunteerCertificate.id, id));
  return row ?? null;
}

/** Public check of a code: only what the certificate itself shows, and whether it still stands. */
export async function verifyCertificate(db: Db, code: string) {
  const c = normalizeCode(code);
  if (!/^[0-9A-Z]{12}$/.test(c))
    throw volunteerHoursErrors.invalid('code', { 'zh-CN': '验证码为 12 位字母或数字', 'en-US': 'the code has 12 letters or digits' });
  const [row] = await db.select().from(volunteerCertificate).where(eq(volunteerCertificate.verifyCode, c));
  if (!row) throw errors.notFound('certificate');
  return { status: row.status, fields: fieldsOf(row) };
}

export async function listCertificates(db: Db, actor: Actor, q: { orgId?: number; volunteerId?: string; cursor: string | null; limit: number }) {
  const scope = await listScope(db, actor, 'volunteer.read', q.orgId);
  return db
    .select({ c: volunteerCertificate, orgName: org.name, volunteerName: person.name })
    .from(volunteerCertificate)
    .innerJoin(org, eq(org.id, volunteerCertificate.orgId))
    .innerJoin(volunteer, eq(volunteer.id, volunteerCertificate.volunteerId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .where(
      and(
        scope.where(org.path),
        q.volunteerId ? eq(volunteerCertificate.volunteerId, q.volunteerId) : undefined,
        q.cursor ? lt(volunteerCertificate.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(volunteerCertificate.id))
    .limit(q.limit + 1);
}
