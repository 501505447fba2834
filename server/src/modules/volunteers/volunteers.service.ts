import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { can, inScope, scopeOf, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { errors, registerFieldLabels, registerUniqueField } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { personOf } from '../accounts/index.ts';
import { findOrg, type OrgRow } from '../orgs/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { today } from '../orgs/index.ts';
import { person } from '../people/index.ts';
import { sensitiveColumns, validatePerson } from '../people/index.ts';
import { checkRegistrationAge, type Consent } from './volunteers.rules.ts';
import { volunteer, volunteerNumberSeq } from './volunteers.schema.ts';

registerUniqueField('volunteer_person_uq', 'personId');
registerUniqueField('volunteer_number_uq', 'number');
registerFieldLabels({
  personId: { 'zh-CN': '志愿者本人', 'en-US': 'Person' },
  volunteerId: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  guardianName: { 'zh-CN': '监护人姓名', 'en-US': 'Guardian name' },
  guardianRelation: { 'zh-CN': '与监护人关系', 'en-US': 'Guardian relation' },
  guardianConsentOn: { 'zh-CN': '监护人同意日期', 'en-US': 'Guardian consent date' },
  insuredUntil: { 'zh-CN': '保险有效期至', 'en-US': 'Insured until' },
  registeredOn: { 'zh-CN': '注册日期', 'en-US': 'Registered on' },
  skills: { 'zh-CN': '技能', 'en-US': 'Skills' },
  areas: { 'zh-CN': '服务领域', 'en-US': 'Service areas' },
  trainings: { 'zh-CN': '已参加培训', 'en-US': 'Trainings' },
});

export type VolunteerRow = typeof volunteer.$inferSelect;
type PersonRow = typeof person.$inferSelect;

export type VolunteerInput = Consent & {
  orgId: number;
  /** an existing person, or the person's details to record with the registration */
  personId?: string;
  person?: { name: string; idNumber: string; phone?: string | null };
  registeredOn?: string;
  skills?: string[];
  areas?: string[];
  trainings?: string[];
  insuredUntil?: string | null;
};

export const volunteerStatuses = ['active', 'suspended', 'left'] as const;

export function presentVolunteer(v: VolunteerRow, p: Pick<PersonRow, 'name' | 'gender' | 'birthDate' | 'idNumberMasked' | 'phoneMasked'>, orgName?: string) {
  return {
    id: v.id,
    personId: v.personId,
    orgId: v.orgId,
    orgName: orgName ?? null,
    number: v.number,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    idNumber: p.idNumberMasked,
    phone: p.phoneMasked,
    status: v.status,
    registeredOn: v.registeredOn,
    selfSupporting: v.selfSupporting,
    guardianName: v.guardianName,
    guardianRelation: v.guardianRelation,
    guardianConsentOn: v.guardianConsentOn,
    skills: v.skills,
    areas: v.areas,
    trainings: v.trainings,
    insuredUntil: v.insuredUntil,
  };
}

const cleanList = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))].slice(0, 30);

export async function findVolunteer(db: DbOrTx, id: string): Promise<VolunteerRow | null> {
  const [row] = await db.select().from(volunteer).where(eq(volunteer.id, id));
  return row ?? null;
}

export async function findVolunteerByPerson(db: DbOrTx, personId: string): Promise<VolunteerRow | null> {
  const [row] = await db.select().from(volunteer).where(eq(volunteer.personId, personId));
  return row ?? null;
}

/** A volunteer with the person and org, for presenting. */
export async function loadVolunteer(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ v: volunteer, p: person, orgName: org.name, path: org.path })
    .from(volunteer)
    .innerJoin(person, eq(person.id, volunteer.personId))
    .innerJoin(org, eq(org.id, volunteer.orgId))
    .where(eq(volunteer.id, id));
  return row ?? null;
}

/**
 * 志愿者编号: the city-level division code of the registering org (4 digits), the year, and a
 * 6-digit sequence. The counter row is taken with an upsert, so concurrent registrations never share a number.
 */
async function nextNumber(tx: DbOrTx, o: OrgRow, registeredOn: string): Promise<string> {
  const res = await tx.execute<{ code: string }>(
    sql`select division_code as code from org where path @> ${o.path}::ltree and division_code is not null order by depth desc limit 1`,
  );
  const code = (res.rows[0]?.code ?? '').slice(0, 4).padEnd(4, '0');
  const prefix = `${code}${registeredOn.slice(0, 4)}`;
  const [row] = await tx
    .insert(volunteerNumberSeq)
    .values({ prefix, last: 1 })
    .onConflictDoUpdate({ target: volunteerNumberSeq.prefix, set: { last: sql`${volunteerNumberSeq.last} + 1` } })
    .returning({ last: volunteerNumberSeq.last });
  return `${prefix}${String(row?.last ?? 1).padStart(6, '0')}`;
}

function checkDate(field: string, value: string | null | undefined): void {
  const real = (v: string) => {
    const d = new Date(`${v}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  };
  if (value && !real(value)) {
    throw errors.invalid(field, { 'zh-CN': '日期格式为 YYYY-MM-DD', 'en-US': 'a date YYYY-MM-DD' });
  }
}

/** Registers a person as a volunteer: the age rules, then a number, in one transaction. */
async function register(db: Db, pii: Pii, actor: Actor, input: VolunteerInput, opts: { self: boolean; personId?: string }): Promise<VolunteerRow> {
  const registeredOn = input.registeredOn ?? today();
  checkDate('registeredOn', registeredOn);
  checkDate('insuredUntil', input.insuredUntil);
  checkDate('guardianConsentOn', input.guardianConsentOn);
  if (registeredOn > today()) throw errors.invalid('registeredOn', { 'zh-CN': '不能晚于今天', 'en-US': 'must not be in the future' });
  const details = input.person ? validatePerson({ ...input.person, idNumber: input.person.idNumber }) : null;
  if (input.person && !details?.idNumber)
    throw errors.invalid('idNumber', { 'zh-CN': '实名注册须填写身份证号', 'en-US': 'required for real-name registration' });
  return db.transaction(async (tx) => {
    const o = await findOrg(tx, input.orgId);
    if (!o || (!opts.self && !can(actor, 'volunteer.write', o.path))) throw errors.notFound('org');
    if (o.status !== 'active') throw errors.rule('orgId', { 'zh-CN': '所属组织已撤销或合并', 'en-US': 'the org is closed or merged' });
    let p: PersonRow | undefined;
    const personId = opts.personId ?? input.personId;
    if (personId) {
      [p] = await tx.select().from(person).where(eq(person.id, personId));
      // Staff may register people they can see; self-registration is always one's own person.
      const [po] = p ? await tx.select({ path: org.path }).from(org).where(eq(org.id, p.orgId)) : [];
      if (!p || (!opts.self && !(po && can(actor, 'person.read', po.path)))) throw errors.notFound('person');
    } else if (details?.idNumber) {
      [p] = await tx
        .select()
        .from(person)
        .where(eq(person.idNumberHash, pii.hash('id', details.idNumber)));
      if (p && p.name !== details.name) throw errors.conflict('idNumber', p.idNumberMasked ?? '');
      if (!p) {
        [p] = await tx
          .insert(person)
          .values({
            id: uuidv7(),
            orgId: o.id,
            name: details.name,
            gender: details.gender,
            birthDate: details.birthDate,
            ...sensitiveColumns(pii, details.idNumber, details.phone),
          })
          .returning();
      }
    } else throw errors.invalid('personId', { 'zh-CN': '请选择人员或填写姓名和身份证号', 'en-US': 'choose a person or give name and ID number' });
    if (!p) throw new Error('person missing');
    const consent = checkRegistrationAge(p.birthDate, registeredOn, input);
    if (await findVolunteerByPerson(tx, p.id)) {
      throw errors.rule('personId', { 'zh-CN': `${p.name} 已注册为志愿者`, 'en-US': `${p.name} is already a registered volunteer` });
    }
    const [row] = await tx
      .insert(volunteer)
      .values({
        id: uuidv7(),
        personId: p.id,
        orgId: o.id,
        number: await nextNumber(tx, o, registeredOn),
        registeredOn,
        ...consent,
        skills: cleanList(input.skills),
        areas: cleanList(input.areas),
        trainings: cleanList(input.trainings),
        insuredUntil: input.insuredUntil ?? null,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: opts.self ? 'volunteer.self_registered' : 'volunteer.registered',
      entity: 'volunteer',
      entityId: row.id,
      orgId: o.id,
      orgPath: o.path,
      after: presentVolunteer(row, p),
    });
    return row;
  });
}

export function registerVolunteer(db: Db, pii: Pii, actor: Actor, input: VolunteerInput): Promise<VolunteerRow> {
  return register(db, pii, actor, input, { self: false });
}

/** Self-registration from the phone: the account's own person, at an org the person picks. */
export async function registerSelf(db: Db, pii: Pii, actor: Actor, input: Omit<VolunteerInput, 'personId' | 'person'>): Promise<VolunteerRow> {
  const personId = await personOf(db, actor);
  return register(db, pii, actor, { ...input, registeredOn: undefined }, { self: true, personId });
}

export type VolunteerPatch = Partial<Pick<VolunteerInput, 'skills' | 'areas' | 'trainings' | 'insuredUntil'>> & { status?: (typeof volunteerStatuses)[number] };

export async function updateVolunteer(db: Db, actor: Actor | null, id: string, patch: VolunteerPatch, opts: { self?: boolean } = {}): Promise<VolunteerRow> {
  checkDate('insuredUntil', patch.insuredUntil);
  return db.transaction(async (tx) => {
    const row = await loadVolunteer(tx, id);
    if (!row || (!opts.self && !(actor && can(actor, 'volunteer.write', row.path)))) throw errors.notFound('volunteer');
    const changes = {
      skills: patch.skills === undefined ? undefined : cleanList(patch.skills),
      areas: patch.areas === undefined ? undefined : cleanList(patch.areas),
      trainings: patch.trainings === undefined ? undefined : cleanList(patch.trainings),
      insuredUntil: patch.insuredUntil,
      status: opts.self ? undefined : patch.status,
      statusOn: !opts.self && patch.status && patch.status !== row.v.status ? today() : undefined,
    };
    const [after] = await tx
      .update(volunteer)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(volunteer.id, id))
      .returning();
    if (!after) throw errors.notFound('volunteer');
    const d = diff(presentVolunteer(row.v, row.p), presentVolunteer(after, row.p));
    await audit(tx, actor, { action: 'volunteer.updated', entity: 'volunteer', entityId: id, orgId: row.v.orgId, orgPath: row.path, ...d });
    return after;
  });
}

export type VolunteerFilter = {
  orgId?: number;
  q?: string;
  skill?: string;
  area?: string;
  status?: string;
  registeredFrom?: string;
  registeredTo?: string;
};

/** Conditions for a volunteer list in the caller's scope (or a visible subtree). */
export async function volunteerFilter(db: Db, actor: Actor, f: VolunteerFilter): Promise<SQL[]> {
  const conds: SQL[] = [];
  if (f.orgId) {
    const o = await findOrg(db, f.orgId);
    if (!o || !can(actor, 'volunteer.read', o.path)) throw errors.notFound('org');
    conds.push(sql`${org.path} <@ ${o.path}::ltree`);
  } else conds.push(inScope(org.path, scopeOf(actor, 'volunteer.read')));
  if (f.q) conds.push(sql`(${person.name} ilike ${containsPattern(f.q)} or ${volunteer.number} = ${f.q})`);
  if (f.skill) conds.push(sql`${f.skill} = any(${volunteer.skills})`);
  if (f.area) conds.push(sql`${f.area} = any(${volunteer.areas})`);
  if (f.status) conds.push(eq(volunteer.status, f.status as VolunteerRow['status']));
  if (f.registeredFrom) conds.push(sql`${volunteer.registeredOn} >= ${f.registeredFrom}::date`);
  if (f.registeredTo) conds.push(sql`${volunteer.registeredOn} <= ${f.registeredTo}::date`);
  return conds;
}

export async function listVolunteers(db: Db, actor: Actor, f: VolunteerFilter & { after: string | null; limit: number }) {
  const conds = await volunteerFilter(db, actor, f);
  if (f.after) conds.push(sql`${volunteer.id} > ${f.after}`);
  return db
    .select({ v: volunteer, p: person, orgName: org.name })
    .from(volunteer)
    .innerJoin(person, eq(person.id, volunteer.personId))
    .innerJoin(org, eq(org.id, volunteer.orgId))
    .where(and(...conds))
    .orderBy(asc(volunteer.id))
    .limit(f.limit + 1);
}
