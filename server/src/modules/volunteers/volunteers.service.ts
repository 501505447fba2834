import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { listScope, orgForWrite, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { chinaToday, isDate } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { personOf } from '../accounts/index.ts';
import {
  isLinkRequested,
  person,
  personByIdNumber,
  requestLink,
  sensitiveColumns,
  validatePerson,
  type LinkContext,
  type LinkFulfilment,
  type LinkRequested,
} from '../people/index.ts';
import { volunteersErrors } from './volunteers.errors.ts';
import { checkRegistrationAge, type Consent } from './volunteers.rules.ts';
import { volunteer, volunteerNumberSeq } from './volunteers.schema.ts';

export type VolunteerRow = typeof volunteer.$inferSelect;
type PersonRow = typeof person.$inferSelect;
type AuditActor = LinkContext['actor'];

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
  if (value && !isDate(value)) throw volunteersErrors.invalid(field, { 'zh-CN': '日期格式为 YYYY-MM-DD', 'en-US': 'a date YYYY-MM-DD' });
}

/** An org a volunteer may register at by themselves: any active one. */
async function activeOrg(tx: DbOrTx, orgId: number): Promise<OrgRow> {
  const o = await findOrg(tx, orgId);
  if (!o) throw errors.notFound('org');
  if (o.status !== 'active') throw errors.orgInactive('orgId');
  return o;
}

type Registration = Pick<VolunteerInput, 'skills' | 'areas' | 'trainings' | 'insuredUntil'> & { registeredOn: string; consent: Required<Consent> };

/** Writes the volunteer row with a new number and its audit event (the rules already checked). */
async function insertVolunteer(tx: DbOrTx, actor: AuditActor, o: OrgRow, p: PersonRow, r: Registration, action: string, linkRequestId?: string) {
  if (await findVolunteerByPerson(tx, p.id)) throw volunteersErrors.already_registered('personId', { name: p.name });
  const [row] = await tx
    .insert(volunteer)
    .values({
      id: uuidv7(),
      personId: p.id,
      orgId: o.id,
      number: await nextNumber(tx, o, r.registeredOn),
      registeredOn: r.registeredOn,
      ...r.consent,
      skills: cleanList(r.skills),
      areas: cleanList(r.areas),
      trainings: cleanList(r.trainings),
      insuredUntil: r.insuredUntil ?? null,
    })
    .returning();
  if (!row) throw new Error('insert failed');
  const shown = presentVolunteer(row, p);
  await audit(tx, actor, {
    action,
    entity: 'volunteer',
    entityId: row.id,
    orgId: o.id,
    orgPath: o.path,
    after: linkRequestId ? { ...shown, linkRequestId } : shown,
  });
  return row;
}

/**
 * Registers a person as a volunteer: the age rules, then a number, in one transaction. An ID
 * number kept outside the caller's scope files a link request (the person's keeper, or the person,
 * accepts) and tells nothing of that person.
 */
async function register(
  db: Db,
  pii: Pii,
  actor: Actor,
  input: VolunteerInput,
  opts: { self: boolean; personId?: string },
): Promise<VolunteerRow | LinkRequested> {
  const today = chinaToday();
  const registeredOn = input.registeredOn ?? today;
  checkDate('registeredOn', registeredOn);
  checkDate('insuredUntil', input.insuredUntil);
  checkDate('guardianConsentOn', input.guardianConsentOn);
  if (registeredOn > today) throw volunteersErrors.invalid('registeredOn', { 'zh-CN': '不能晚于今天', 'en-US': 'must not be in the future' });
  const details = input.person ? validatePerson({ ...input.person, idNumber: input.person.idNumber }) : null;
  if (input.person && !details?.idNumber)
    throw volunteersErrors.invalid('idNumber', { 'zh-CN': '实名注册须填写身份证号', 'en-US': 'required for real-name registration' });
  const profile = { skills: input.skills, areas: input.areas, trainings: input.trainings, insuredUntil: input.insuredUntil ?? null };
  return db.transaction(async (tx) => {
    // Staff register within their scope; a volunteer registers themselves at any active org.
    const o = opts.self ? await activeOrg(tx, input.orgId) : await orgForWrite(tx, actor, 'volunteer.write', input.orgId);
    let p: PersonRow | undefined;
    const personId = opts.personId ?? input.personId;
    if (personId) {
      [p] = await tx.select().from(person).where(eq(person.id, personId));
      if (!p) throw errors.notFound('person');
      // Staff may register people they can see; self-registration is always one's own person.
      if (!opts.self) {
        const [home] = await tx.select({ path: org.path }).from(org).where(eq(org.id, p.orgId));
        requireInScope(actor, 'person.read', home, 'person');
      }
    } else if (details?.idNumber) {
      const onFile = await personByIdNumber(tx, pii, actor, details.idNumber);
      if (onFile.kind === 'elsewhere') {
        // Only what the caller typed is checked (the birth date is the ID number's).
        const consent = checkRegistrationAge(details.birthDate, registeredOn, input);
        const payload = {
          registeredOn,
          ...consent,
          skills: cleanList(input.skills),
          areas: cleanList(input.areas),
          trainings: cleanList(input.trainings),
          insuredUntil: profile.insuredUntil,
        };
        return requestLink(tx, pii, actor, {
          purpose: 'volunteer',
          orgId: o.id,
          idNumber: details.idNumber,
          typedName: details.name,
          payload,
          requestedBy: actor.accountId,
        });
      }
      if (onFile.kind === 'visible') {
        p = onFile.row;
        if (p.name !== details.name) throw volunteersErrors.conflict('idNumber', p.idNumberMasked ?? '');
      } else {
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
    } else throw volunteersErrors.invalid('personId', { 'zh-CN': '请选择人员或填写姓名和身份证号', 'en-US': 'choose a person or give name and ID number' });
    if (!p) throw new Error('person missing');
    const consent = checkRegistrationAge(p.birthDate, registeredOn, input);
    return insertVolunteer(tx, actor, o, p, { ...profile, registeredOn, consent }, opts.self ? 'volunteer.self_registered' : 'volunteer.registered');
  });
}

/**
 * An accepted 'volunteer' request: the person registers at the requesting org as it asked (the
 * age rules are checked again on the day it was asked for). The keeper stays the same.
 */
export const fulfilVolunteerLink: LinkFulfilment = async ({ tx, actor, request, person: p, requester }) => {
  const f = request.payload as Consent & Pick<VolunteerInput, 'skills' | 'areas' | 'trainings' | 'insuredUntil'> & { registeredOn?: string };
  const registeredOn = f.registeredOn ?? request.requestedOn;
  const consent = checkRegistrationAge(p.birthDate, registeredOn, f);
  const row = await insertVolunteer(tx, actor, requester, p, { ...f, registeredOn, consent }, 'volunteer.registered', request.id);
  return { entity: 'volunteer', entityId: row.id };
};

export function registerVolunteer(db: Db, pii: Pii, actor: Actor, input: VolunteerInput): Promise<VolunteerRow | LinkRequested> {
  return register(db, pii, actor, input, { self: false });
}

/** Self-registration from the phone: the account's own person, at an org the person picks. */
export async function registerSelf(db: Db, pii: Pii, actor: Actor, input: Omit<VolunteerInput, 'personId' | 'person'>): Promise<VolunteerRow> {
  const personId = await personOf(db, actor);
  const row = await register(db, pii, actor, { ...input, registeredOn: undefined }, { self: true, personId });
  if (isLinkRequested(row)) throw new Error('self-registration names its own person');
  return row;
}

export type VolunteerPatch = Partial<Pick<VolunteerInput, 'skills' | 'areas' | 'trainings' | 'insuredUntil'>> & { status?: (typeof volunteerStatuses)[number] };

export async function updateVolunteer(db: Db, actor: Actor | null, id: string, patch: VolunteerPatch, opts: { self?: boolean } = {}): Promise<VolunteerRow> {
  checkDate('insuredUntil', patch.insuredUntil);
  return db.transaction(async (tx) => {
    const loaded = await loadVolunteer(tx, id);
    // Self-service edits reach only the caller's own record (the route checks whose it is).
    const row = opts.self ? loaded : actor && requireInScope(actor, 'volunteer.write', loaded, 'volunteer');
    if (!row) throw errors.notFound('volunteer');
    const changes = {
      skills: patch.skills === undefined ? undefined : cleanList(patch.skills),
      areas: patch.areas === undefined ? undefined : cleanList(patch.areas),
      trainings: patch.trainings === undefined ? undefined : cleanList(patch.trainings),
      insuredUntil: patch.insuredUntil,
      status: opts.self ? undefined : patch.status,
      statusOn: !opts.self && patch.status && patch.status !== row.v.status ? chinaToday() : undefined,
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
  const scope = await listScope(db, actor, 'volunteer.read', f.orgId);
  const conds: SQL[] = [scope.where(org.path)];
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
