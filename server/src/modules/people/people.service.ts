import { containsPattern } from '../../db/like.ts';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { ownedBy, type EntityResolver } from '../../platform/access/entities.ts';
import { listScope, orgForWrite, permissionsAt, requireInScope, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { chinaToday, isDate } from '../../platform/dates.ts';
import { errors, personNameLabel } from '../../platform/errors.ts';
import { maskIdNumber, maskPhone, type Pii } from '../../platform/pii.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { parseIdNumber } from './id-number.ts';
import { personByIdNumber, personLinkResolver, requestLink, type LinkRequested } from './links.service.ts';
import { person, type Gender } from './people.schema.ts';
import { isPlainLabel } from '../../platform/validation.ts';

// People's fields (name, idNumber, phone, gender, birthDate, orgId) are the kernel's shared
// labels, and their refusals are malformed input (`validation`) and the kernel's org rules; the
// module's own codes (people.errors.ts) are those of link requests.

export type PersonInput = {
  orgId: number;
  name: string;
  gender?: Gender;
  birthDate?: string;
  ethnicity?: string | null;
  education?: string | null;
  politicalStatus?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
};

type PersonRow = typeof person.$inferSelect;

/** Checks a person's fields; the ID number, when given, must agree with birth date and gender. */
export function validatePerson(input: Omit<PersonInput, 'orgId'>): {
  gender: Gender;
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  name: string;
} {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 50 || !isPlainLabel(name)) {
    throw errors.invalid('name', { 'zh-CN': '须为 1–50 个字，且不含尖括号', 'en-US': 'must be 1–50 characters, no angle brackets' }, personNameLabel);
  }
  let idNumber: string | null = null;
  let gender = input.gender;
  let birthDate = input.birthDate;
  if (input.idNumber) {
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) {
      const reasons = {
        format: { 'zh-CN': '应为 18 位，前 17 位为数字，末位为数字或 X', 'en-US': 'must be 18 characters: 17 digits then a digit or X' },
        checksum: { 'zh-CN': '校验位不正确（GB 11643-1999）', 'en-US': 'the check digit is wrong (GB 11643-1999)' },
        birth_date: { 'zh-CN': '其中的出生日期不存在', 'en-US': 'the birth date inside it does not exist' },
      } as const;
      throw errors.invalid('idNumber', reasons[parsed.problem]);
    }
    idNumber = parsed.value;
    if (birthDate && birthDate !== parsed.info.birthDate) {
      throw errors.invalid('birthDate', {
        'zh-CN': `与身份证号中的出生日期 ${parsed.info.birthDate} 不一致`,
        'en-US': `does not match the ID number's ${parsed.info.birthDate}`,
      });
    }
    if (gender && gender !== parsed.info.gender) {
      throw errors.invalid('gender', { 'zh-CN': '与身份证号中的性别不一致', 'en-US': "does not match the ID number's gender" });
    }
    gender = parsed.info.gender;
    birthDate = parsed.info.birthDate;
  }
  if (!gender) throw errors.invalid('gender', { 'zh-CN': '请填写性别（或身份证号）', 'en-US': 'required (or give the ID number)' });
  if (!isDate(birthDate) || birthDate > chinaToday() || birthDate < '1900-01-01') {
    throw errors.invalid('birthDate', { 'zh-CN': '请填写有效的出生日期（YYYY-MM-DD）', 'en-US': 'a valid date YYYY-MM-DD is required' });
  }
  let phone: string | null = null;
  if (input.phone) {
    phone = input.phone.replace(/[\s-]/g, '');
    if (!/^1[3-9]\d{9}$/.test(phone)) throw errors.invalid('phone', { 'zh-CN': '应为 11 位手机号', 'en-US': 'must be an 11-digit mobile number' });
  }
  return { gender, birthDate, idNumber, phone, name };
}

export function sensitiveColumns(pii: Pii, idNumber: string | null, phone: string | null) {
  return {
    idNumberEnc: idNumber ? pii.encrypt(idNumber) : null,
    idNumberHash: idNumber ? pii.hash('id', idNumber) : null,
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    phoneEnc: phone ? pii.encrypt(phone) : null,
    phoneHash: phone ? pii.hash('phone', phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

/** The view of a person with personal data masked: never the ciphertext or hash. */
export function presentPerson(p: PersonRow) {
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    ethnicity: p.ethnicity,
    education: p.education,
    politicalStatus: p.politicalStatus,
    idNumber: p.idNumberMasked,
    phone: p.phoneMasked,
    address: p.address,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * Records a person. An ID number already on file answers 409 when the caller can see that person;
 * kept outside the caller's scope, it files a link request instead and tells nothing of them.
 */
export async function createPerson(db: Db, pii: Pii, actor: Actor, input: PersonInput): Promise<PersonRow | LinkRequested> {
  const v = validatePerson(input);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'person.write', input.orgId);
    if (v.idNumber) {
      const onFile = await personByIdNumber(tx, pii, actor, v.idNumber);
      if (onFile.kind === 'visible') throw errors.conflict('idNumber', maskIdNumber(v.idNumber));
      if (onFile.kind === 'elsewhere') {
        return requestLink(tx, pii, actor, { purpose: 'person', orgId: o.id, idNumber: v.idNumber, typedName: v.name, requestedBy: actor.accountId });
      }
    }
    const id = uuidv7();
    const [row] = await tx
      .insert(person)
      .values({
        id,
        orgId: o.id,
        name: v.name,
        gender: v.gender,
        birthDate: v.birthDate,
        ethnicity: input.ethnicity ?? null,
        education: input.education ?? null,
        politicalStatus: input.politicalStatus ?? null,
        address: input.address ?? null,
        ...sensitiveColumns(pii, v.idNumber, v.phone),
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'person.created', entity: 'person', entityId: id, orgId: o.id, orgPath: o.path, after: presentPerson(row) });
    return row;
  });
}

export async function updatePerson(db: Db, pii: Pii, actor: Actor, id: string, patch: Partial<PersonInput>): Promise<PersonRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(person).where(eq(person.id, id));
    if (!before) throw errors.notFound('person');
    const o = requireInScope(actor, 'person.write', await findOrg(tx, before.orgId), 'person');
    // When the ID number changes, birth date and gender follow it unless given explicitly.
    const followId = Boolean(patch.idNumber);
    const current: Omit<PersonInput, 'orgId'> = {
      name: patch.name ?? before.name,
      gender: patch.gender ?? (followId ? undefined : before.gender),
      birthDate: patch.birthDate ?? (followId ? undefined : before.birthDate),
      idNumber: patch.idNumber === undefined ? (before.idNumberEnc ? pii.decrypt(before.idNumberEnc) : null) : patch.idNumber,
      phone: patch.phone === undefined ? (before.phoneEnc ? pii.decrypt(before.phoneEnc) : null) : patch.phone,
    };
    const v = validatePerson(current);
    const target = patch.orgId && patch.orgId !== before.orgId ? await orgForWrite(tx, actor, 'person.write', patch.orgId) : o;
    if (v.idNumber && patch.idNumber !== undefined) {
      const [dup] = await tx
        .select({ id: person.id })
        .from(person)
        .where(and(eq(person.idNumberHash, pii.hash('id', v.idNumber)), sql`${person.id} <> ${id}`));
      if (dup) throw errors.conflict('idNumber', maskIdNumber(v.idNumber));
    }
    const changes = {
      orgId: target.id,
      name: v.name,
      gender: v.gender,
      birthDate: v.birthDate,
      ethnicity: patch.ethnicity === undefined ? before.ethnicity : patch.ethnicity,
      education: patch.education === undefined ? before.education : patch.education,
      politicalStatus: patch.politicalStatus === undefined ? before.politicalStatus : patch.politicalStatus,
      address: patch.address === undefined ? before.address : patch.address,
      ...(patch.idNumber !== undefined || patch.phone !== undefined ? sensitiveColumns(pii, v.idNumber, v.phone) : {}),
    };
    const [after] = await tx
      .update(person)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(person.id, id))
      .returning();
    if (!after) throw errors.notFound('person');
    const d = diff(presentPerson(before), presentPerson(after));
    await audit(tx, actor, { action: 'person.updated', entity: 'person', entityId: id, orgId: target.id, orgPath: target.path, ...d });
    return after;
  });
}

/** The full ID number and phone, for roles that need them; every such view is audited. */
export async function viewSensitive(db: Db, pii: Pii, actor: Actor, id: string) {
  const row = await rowInScope(db, actor, 'person.read', person, id, 'person');
  if (!permissionsAt(actor, row.path).has('person.viewFull')) throw errors.forbidden('person.viewFull');
  const result = {
    idNumber: row.row.idNumberEnc ? pii.decrypt(row.row.idNumberEnc) : null,
    phone: row.row.phoneEnc ? pii.decrypt(row.row.phoneEnc) : null,
  };
  await audit(db, actor, {
    action: 'person.viewed_full',
    entity: 'person',
    entityId: id,
    orgId: row.row.orgId,
    orgPath: row.path,
    after: { fields: ['idNumber', 'phone'] },
  });
  return result;
}

export async function listPeople(db: Db, actor: Actor, q: { orgId?: number; q?: string; idNumber?: string; after: string | null; limit: number }, pii: Pii) {
  const scope = await listScope(db, actor, 'person.read', q.orgId);
  const conds: SQL[] = [scope.where(org.path)];
  if (q.q) conds.push(sql`${person.name} ilike ${containsPattern(q.q)}`);
  if (q.idNumber) conds.push(eq(person.idNumberHash, pii.hash('id', q.idNumber)));
  if (q.after) conds.push(sql`${person.id} > ${q.after}`);
  const rows = await db
    .select({ p: person, orgName: org.name })
    .from(person)
    .innerJoin(org, eq(org.id, person.orgId))
    .where(and(...conds))
    .orderBy(asc(person.id))
    .limit(q.limit + 1);
  return rows;
}

/** Routes name a person by id (`config.access.entity: 'person'`) and a link request by id: the path of the org keeping the person. */
export const peopleEntities: Record<string, EntityResolver> = {
  person: ownedBy(person),
  personLink: personLinkResolver,
};
