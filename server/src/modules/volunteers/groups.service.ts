// Teams (志愿服务组织/队伍) with members and leaders, stations (志愿服务站) with stars, themed projects with targets.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { listScope, orgForWrite, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { volunteersErrors } from './volunteers.errors.ts';
import { volunteer } from './volunteers.schema.ts';
import { volunteerProject, volunteerProjectMember, volunteerStation, volunteerTeam, volunteerTeamMember, type TeamKind } from './volunteer-groups.schema.ts';

type Table = typeof volunteerTeam | typeof volunteerStation | typeof volunteerProject;
type Entity = 'volunteerTeam' | 'volunteerStation' | 'volunteerProject';

function checkName(name: string | undefined): void {
  if (name !== undefined && (name.trim().length < 2 || name.trim().length > 100)) {
    throw volunteersErrors.invalid('name', { 'zh-CN': '名称为 2–100 个字', 'en-US': '2–100 characters' });
  }
}

/** A team, station or project with its org's path, when the caller may change it (else 404). */
async function rowForWrite<T extends Table>(tx: DbOrTx, actor: Actor, table: T, id: string, entity: Entity) {
  const { row: r, path } = await rowInScope(tx, actor, 'volunteer.write', table, id, entity);
  return { r, path };
}

/** List condition: the caller's volunteer.read scope, or a subtree of it. */
async function scopeCond(db: Db, actor: Actor, orgId: number | undefined): Promise<SQL> {
  return (await listScope(db, actor, 'volunteer.read', orgId)).where(org.path);
}

/** The volunteer, when the caller may see them (else 404). */
async function visibleVolunteer(tx: DbOrTx, actor: Actor, volunteerId: string) {
  const { row: v, path } = await rowInScope(tx, actor, 'volunteer.read', volunteer, volunteerId, 'volunteer');
  return { v, path };
}

// ---- teams

export type TeamInput = { orgId: number; name: string; kind: TeamKind; foundedOn: string; description?: string | null };

export async function createTeam(db: Db, actor: Actor, input: TeamInput) {
  checkName(input.name);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'volunteer.write', input.orgId);
    const [row] = await tx
      .insert(volunteerTeam)
      .values({ id: uuidv7(), orgId: o.id, name: input.name.trim(), kind: input.kind, foundedOn: input.foundedOn, description: input.description ?? null })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'volunteer_team.created', entity: 'volunteerTeam', entityId: row.id, orgId: o.id, orgPath: o.path, after: row });
    return row;
  });
}

export async function updateTeam(db: Db, actor: Actor, id: string, patch: Partial<Omit<TeamInput, 'orgId'>> & { status?: 'active' | 'dissolved' }) {
  checkName(patch.name);
  return db.transaction(async (tx) => {
    const { r: before, path } = await rowForWrite(tx, actor, volunteerTeam, id, 'volunteerTeam');
    const dissolving = patch.status === 'dissolved' && before.status !== 'dissolved';
    const [after] = await tx
      .update(volunteerTeam)
      .set({ ...patch, name: patch.name?.trim(), dissolvedOn: dissolving ? chinaToday() : undefined, updatedAt: new Date() })
      .where(eq(volunteerTeam.id, id))
      .returning();
    if (!after) throw errors.notFound('volunteerTeam');
    await audit(tx, actor, {
      action: 'volunteer_team.updated',
      entity: 'volunteerTeam',
      entityId: id,
      orgId: after.orgId,
      orgPath: path,
      ...diff(before, after),
    });
    return after;
  });
}

export async function listTeams(db: Db, actor: Actor, f: { orgId?: number; kind?: string; q?: string; status?: string }) {
  const conds: SQL[] = [await scopeCond(db, actor, f.orgId)];
  if (f.kind) conds.push(eq(volunteerTeam.kind, f.kind as TeamKind));
  if (f.status) conds.push(eq(volunteerTeam.status, f.status as 'active'));
  if (f.q) conds.push(sql`${volunteerTeam.name} ilike ${containsPattern(f.q)}`);
  return db
    .select({
      t: volunteerTeam,
      orgName: org.name,
      members: sql<number>`(select count(*)::int from volunteer_team_member m where m.team_id = ${volunteerTeam.id} and m.status = 'active')`,
      leaders: sql<
        string | null
      >`(select string_agg(p.name, '、') from volunteer_team_member m join volunteer v on v.id = m.volunteer_id join person p on p.id = v.person_id where m.team_id = ${volunteerTeam.id} and m.status = 'active' and m.role = 'leader')`,
    })
    .from(volunteerTeam)
    .innerJoin(org, eq(org.id, volunteerTeam.orgId))
    .where(and(...conds))
    .orderBy(asc(volunteerTeam.name))
    .limit(1000);
}

export async function teamMembers(db: DbOrTx, teamId: string) {
  return db
    .select({ m: volunteerTeamMember, name: person.name, number: volunteer.number })
    .from(volunteerTeamMember)
    .innerJoin(volunteer, eq(volunteer.id, volunteerTeamMember.volunteerId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .where(and(eq(volunteerTeamMember.teamId, teamId), eq(volunteerTeamMember.status, 'active')))
    .orderBy(sql`${volunteerTeamMember.role} = 'leader' desc`, asc(person.name));
}

/** Adds a volunteer the caller can see to a team (or changes their role); one live membership per team. */
export async function setTeamMember(db: Db, actor: Actor, teamId: string, volunteerId: string, role: 'member' | 'leader') {
  return db.transaction(async (tx) => {
    const { r: team, path } = await rowForWrite(tx, actor, volunteerTeam, teamId, 'volunteerTeam');
    if (team.status !== 'active') throw volunteersErrors.team_dissolved('teamId');
    await visibleVolunteer(tx, actor, volunteerId);
    const [existing] = await tx
      .select()
      .from(volunteerTeamMember)
      .where(and(eq(volunteerTeamMember.teamId, teamId), eq(volunteerTeamMember.volunteerId, volunteerId), eq(volunteerTeamMember.status, 'active')));
    let row: typeof volunteerTeamMember.$inferSelect | undefined;
    if (existing) {
      [row] = await tx.update(volunteerTeamMember).set({ role }).where(eq(volunteerTeamMember.id, existing.id)).returning();
    } else {
      [row] = await tx.insert(volunteerTeamMember).values({ id: uuidv7(), teamId, volunteerId, orgId: team.orgId, role, joinedOn: chinaToday() }).returning();
    }
    await audit(tx, actor, {
      action: existing ? 'volunteer_team.member_role' : 'volunteer_team.member_added',
      entity: 'volunteerTeam',
      entityId: teamId,
      orgId: team.orgId,
      orgPath: path,
      before: existing ? { volunteerId, role: existing.role } : null,
      after: { volunteerId, role },
    });
    return row;
  });
}

export async function removeTeamMember(db: Db, actor: Actor, teamId: string, volunteerId: string) {
  return db.transaction(async (tx) => {
    const { r: team, path } = await rowForWrite(tx, actor, volunteerTeam, teamId, 'volunteerTeam');
    const left = await tx
      .update(volunteerTeamMember)
      .set({ status: 'left', leftOn: chinaToday() })
      .where(and(eq(volunteerTeamMember.teamId, teamId), eq(volunteerTeamMember.volunteerId, volunteerId), eq(volunteerTeamMember.status, 'active')))
      .returning();
    if (left.length === 0) throw errors.notFound('volunteer');
    await audit(tx, actor, {
      action: 'volunteer_team.member_left',
      entity: 'volunteerTeam',
      entityId: teamId,
      orgId: team.orgId,
      orgPath: path,
      after: { volunteerId },
    });
  });
}

// ---- stations

export type StationInput = {
  orgId: number;
  name: string;
  address: string;
  lat?: number | null;
  lng?: number | null;
  star?: number | null;
  ratedOn?: string | null;
  establishedOn: string;
};

function checkStation(s: Partial<StationInput>): void {
  checkName(s.name);
  if (s.address !== undefined && s.address.trim().length < 2) throw volunteersErrors.invalid('address', { 'zh-CN': '请填写地址', 'en-US': 'required' });
  if (s.star != null && (!Number.isInteger(s.star) || s.star < 1 || s.star > 5))
    throw volunteersErrors.invalid('star', { 'zh-CN': '星级为 1–5', 'en-US': '1 to 5' });
}

export async function createStation(db: Db, actor: Actor, input: StationInput) {
  checkStation(input);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'volunteer.write', input.orgId);
    const [row] = await tx
      .insert(volunteerStation)
      .values({
        id: uuidv7(),
        orgId: o.id,
        name: input.name.trim(),
        address: input.address.trim(),
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        star: input.star ?? null,
        ratedOn: input.star ? (input.ratedOn ?? chinaToday()) : null,
        establishedOn: input.establishedOn,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'volunteer_station.created', entity: 'volunteerStation', entityId: row.id, orgId: o.id, orgPath: o.path, after: row });
    return row;
  });
}

export async function updateStation(db: Db, actor: Actor, id: string, patch: Partial<Omit<StationInput, 'orgId'>> & { status?: 'active' | 'closed' }) {
  checkStation(patch);
  return db.transaction(async (tx) => {
    const { r: before, path } = await rowForWrite(tx, actor, volunteerStation, id, 'volunteerStation');
    const rerated = patch.star !== undefined && patch.star !== before.star;
    const [after] = await tx
      .update(volunteerStation)
      .set({
        ...patch,
        ratedOn: rerated ? (patch.ratedOn ?? chinaToday()) : patch.ratedOn,
        closedOn: patch.status === 'closed' && before.status !== 'closed' ? chinaToday() : undefined,
        updatedAt: new Date(),
      })
      .where(eq(volunteerStation.id, id))
      .returning();
    if (!after) throw errors.notFound('volunteerStation');
    await audit(tx, actor, {
      action: 'volunteer_station.updated',
      entity: 'volunteerStation',
      entityId: id,
      orgId: after.orgId,
      orgPath: path,
      ...diff(before, after),
    });
    return after;
  });
}

export async function listStations(db: Db, actor: Actor, f: { orgId?: number; star?: number; q?: string }) {
  const conds: SQL[] = [await scopeCond(db, actor, f.orgId)];
  if (f.star) conds.push(eq(volunteerStation.star, f.star));
  if (f.q) conds.push(sql`${volunteerStation.name} ilike ${containsPattern(f.q)}`);
  return db
    .select({ s: volunteerStation, orgName: org.name })
    .from(volunteerStation)
    .innerJoin(org, eq(org.id, volunteerStation.orgId))
    .where(and(...conds))
    .orderBy(sql`${volunteerStation.star} desc nulls last`, asc(volunteerStation.name))
    .limit(1000);
}

// ---- projects

export type ProjectInput = { orgId: number; name: string; theme: string; description?: string | null; startOn: string; endOn?: string | null; target: number };

function checkProject(p: Partial<ProjectInput>): void {
  checkName(p.name);
  if (p.theme !== undefined && !p.theme.trim()) throw volunteersErrors.invalid('theme', { 'zh-CN': '请填写主题', 'en-US': 'required' });
  if (p.target !== undefined && (!Number.isInteger(p.target) || p.target < 1 || p.target > 10_000_000)) {
    throw volunteersErrors.invalid('target', { 'zh-CN': '招募目标为正整数', 'en-US': 'a positive whole number' });
  }
  if (p.endOn && p.startOn && p.endOn < p.startOn)
    throw volunteersErrors.invalid('endOn', { 'zh-CN': '不能早于开始日期', 'en-US': 'must not be before the start' });
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput) {
  checkProject(input);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'volunteer.write', input.orgId);
    const [row] = await tx
      .insert(volunteerProject)
      .values({
        id: uuidv7(),
        orgId: o.id,
        name: input.name.trim(),
        theme: input.theme.trim(),
        description: input.description ?? null,
        startOn: input.startOn,
        endOn: input.endOn ?? null,
        target: input.target,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'volunteer_project.created', entity: 'volunteerProject', entityId: row.id, orgId: o.id, orgPath: o.path, after: row });
    return row;
  });
}

export async function updateProject(db: Db, actor: Actor, id: string, patch: Partial<Omit<ProjectInput, 'orgId'>> & { status?: 'active' | 'closed' }) {
  return db.transaction(async (tx) => {
    const { r: before, path } = await rowForWrite(tx, actor, volunteerProject, id, 'volunteerProject');
    checkProject({ ...before, ...patch });
    const [after] = await tx
      .update(volunteerProject)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(volunteerProject.id, id))
      .returning();
    if (!after) throw errors.notFound('volunteerProject');
    await audit(tx, actor, {
      action: 'volunteer_project.updated',
      entity: 'volunteerProject',
      entityId: id,
      orgId: after.orgId,
      orgPath: path,
      ...diff(before, after),
    });
    return after;
  });
}

const recruited = sql<number>`(select count(*)::int from volunteer_project_member m where m.project_id = ${volunteerProject.id})`;

export async function listProjects(db: Db, actor: Actor, f: { orgId?: number; theme?: string; q?: string; status?: string }) {
  const conds: SQL[] = [await scopeCond(db, actor, f.orgId)];
  if (f.theme) conds.push(eq(volunteerProject.theme, f.theme));
  if (f.status) conds.push(eq(volunteerProject.status, f.status as 'active'));
  if (f.q) conds.push(sql`${volunteerProject.name} ilike ${containsPattern(f.q)}`);
  return db
    .select({ p: volunteerProject, orgName: org.name, recruited })
    .from(volunteerProject)
    .innerJoin(org, eq(org.id, volunteerProject.orgId))
    .where(and(...conds))
    .orderBy(asc(volunteerProject.startOn), asc(volunteerProject.name))
    .limit(1000);
}

/** Recruits a volunteer into a project by hand (signing up for its activities does it too); once per project. */
export async function recruitVolunteer(db: Db, actor: Actor, projectId: string, volunteerId: string, on = chinaToday()) {
  return db.transaction(async (tx) => {
    const { r: p, path } = await rowForWrite(tx, actor, volunteerProject, projectId, 'volunteerProject');
    if (p.status !== 'active') throw volunteersErrors.project_closed('projectId');
    const v = await visibleVolunteer(tx, actor, volunteerId);
    const [dup] = await tx
      .select({ id: volunteerProjectMember.id })
      .from(volunteerProjectMember)
      .where(and(eq(volunteerProjectMember.projectId, projectId), eq(volunteerProjectMember.volunteerId, volunteerId)));
    if (dup) throw volunteersErrors.conflict('volunteerId', v.v.number);
    const [row] = await tx.insert(volunteerProjectMember).values({ id: uuidv7(), projectId, volunteerId, orgId: p.orgId, recruitedOn: on }).returning();
    await audit(tx, actor, {
      action: 'volunteer_project.recruited',
      entity: 'volunteerProject',
      entityId: projectId,
      orgId: p.orgId,
      orgPath: path,
      after: { volunteerId },
    });
    return row;
  });
}
