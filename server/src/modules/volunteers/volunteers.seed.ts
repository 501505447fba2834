// Demo volunteering: a few thousand volunteers over the city's counties, teams (incl. 青年突击队),
// stations with stars, themed projects, and activities with shifts and sign-ups. Rows are written
// in batches directly (the rules are the services'; this data satisfies them by construction).
import { fakerZH_CN as faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { addDays, addMonths, chinaToday } from '../../platform/dates.ts';
import type { Pii } from '../../platform/pii.ts';
import { makeIdNumber } from '../people/index.ts';
import { person } from '../people/index.ts';
import { sensitiveColumns } from '../people/index.ts';
import { localInstant, recurrenceDates } from './volunteers.rules.ts';
import { activity, shift, signup, volunteer, volunteerNumberSeq } from './volunteers.schema.ts';
import { volunteerProject, volunteerProjectMember, volunteerStation, volunteerTeam, volunteerTeamMember, type TeamKind } from './volunteer-groups.schema.ts';

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];
const skills = ['急救', '心理咨询', '外语', '摄影', '驾驶', '法律咨询', '支教', '医疗护理', '信息技术', '文艺'];
const areas = ['社区服务', '河道巡护', '文明劝导', '关爱留守儿童', '助老助残', '应急救援', '环境保护', '赛会服务'];

async function insertBatches<T extends Parameters<Db['insert']>[0]>(db: Db, table: T, rows: T['$inferInsert'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(table).values(rows.slice(i, i + 1000));
}

export async function seedDemoVolunteers(db: Db, pii: Pii, rand: () => number, opts: { perCounty?: number } = {}) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: Math.floor(rand() * (max + 1)) }, () => pick(xs)))];
  const now = Date.now();
  const today = chinaToday(new Date(now));
  const daysAgo = (n: number) => addDays(today, -n);
  const year = Number(today.slice(0, 4));
  const counties = (
    await db.execute<{ id: number; path: string; name: string; code: string }>(
      sql`select id, path::text as path, name, division_code as code from org where depth = 2 and kind = 'committee' and length(division_code) = 6 order by id`,
    )
  ).rows;
  const city = (await db.execute<{ id: number }>(sql`select id from org where depth = 1 order by id limit 1`)).rows[0];
  if (!city || counties.length === 0) return { volunteers: 0 };
  const towns = (await db.execute<{ id: number; path: string }>(sql`select id, path::text as path from org where depth = 3 and division_code is not null`))
    .rows;

  const people: Row<typeof person>[] = [];
  const vols: (Row<typeof volunteer> & { county: number })[] = [];
  const perCounty = opts.perCounty ?? 260;
  const counters = new Map<string, number>();
  for (const c of counties) {
    const countyTowns = towns.filter((t) => t.path.startsWith(`${c.path}.`));
    for (let k = 0; k < perCounty; k++) {
      const gender = rand() < 0.52 ? 'F' : 'M';
      // Mostly young adults; some minors (with consent) and some older volunteers, 14–60.
      const age = rand() < 0.1 ? 14 + Math.floor(rand() * 4) : rand() < 0.8 ? 18 + Math.floor(rand() * 18) : 36 + Math.floor(rand() * 24);
      const registeredOn = daysAgo(Math.floor(rand() * 5 * 365));
      const birthDate = addDays(addMonths(registeredOn, -12 * age), -1 - Math.floor(rand() * 300));
      const orgId = countyTowns.length ? pick(countyTowns).id : c.id;
      const idNumber = makeIdNumber(c.code, birthDate, Math.floor(rand() * 999), gender);
      const personId = uuidv7();
      people.push({
        id: personId,
        orgId,
        name: faker.person.lastName() + faker.person.firstName(gender === 'M' ? 'male' : 'female'),
        gender,
        birthDate,
        ...sensitiveColumns(pii, idNumber, `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`),
      });
      const selfSupporting = age >= 16 && age < 18 && rand() < 0.3;
      const minor = age < 18 && !selfSupporting;
      const prefix = `${c.code.slice(0, 4)}${registeredOn.slice(0, 4)}`;
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      vols.push({
        id: uuidv7(),
        county: c.id,
        personId,
        orgId,
        number: `${prefix}${String(n).padStart(6, '0')}`,
        registeredOn,
        selfSupporting,
        guardianName: minor ? `${faker.person.lastName()}${faker.person.firstName()}` : null,
        guardianRelation: minor ? pick(['父亲', '母亲']) : null,
        guardianConsentOn: minor ? registeredOn : null,
        skills: some(skills, 2),
        areas: some(areas, 2),
        trainings: rand() < 0.4 ? ['志愿服务通用培训'] : [],
        insuredUntil: rand() < 0.6 ? `${year + 1}-12-31` : null,
      });
    }
  }
  // An ID number another seed already used is skipped, with its volunteer.
  const kept = new Set<string>();
  for (let i = 0; i < people.length; i += 1000) {
    const ins = await db
      .insert(person)
      .values(people.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: person.id });
    for (const r of ins) kept.add(r.id);
  }
  const volunteers = vols.filter((v) => kept.has(v.personId));
  await insertBatches(
    db,
    volunteer,
    volunteers.map(({ county: _c, ...v }) => v),
  );
  await insertBatches(
    db,
    volunteerNumberSeq,
    [...counters].map(([prefix, last]) => ({ prefix, last })),
  );

  const teams: Row<typeof volunteerTeam>[] = [];
  const members: Row<typeof volunteerTeamMember>[] = [];
  const stations: Row<typeof volunteerStation>[] = [];
  const projects: Row<typeof volunteerProject>[] = [];
  const recruits: Row<typeof volunteerProjectMember>[] = [];
  const acts: Row<typeof activity>[] = [];
  const shifts: Row<typeof shift>[] = [];
  const signups: Row<typeof signup>[] = [];

  const cityProjects = [
    { name: '河小青·护河行动', theme: '河小青', target: 1500 },
    { name: '文明劝导志愿服务', theme: '文明劝导', target: 1000 },
    { name: '衡阳马拉松赛会服务', theme: '赛会服务', target: 400 },
  ].map((p) => ({ id: uuidv7(), orgId: city.id, startOn: `${year}-01-01`, endOn: `${year}-12-31`, ...p }));
  projects.push(...cityProjects);

  for (const c of counties) {
    const place = c.name.replace(/^共青团衡阳市/, '').replace(/委员会$/, '');
    const local = volunteers.filter((v) => v.county === c.id);
    const kinds: [TeamKind, string][] = [
      ['commando', `${place}防汛青年突击队`],
      ['association', `${place}青年志愿者协会`],
      ['community', `${place}社区志愿服务队`],
    ];
    if (rand() < 0.5) kinds.push(['commando', `${place}乡村振兴青年突击队`]);
    for (const [kind, name] of kinds) {
      const id = uuidv7();
      teams.push({ id, orgId: c.id, name, kind, foundedOn: daysAgo(Math.floor(rand() * 4 * 365)) });
      const picked = [...new Set(Array.from({ length: 12 }, () => pick(local)))];
      picked.forEach((v, i) => {
        members.push({ id: uuidv7(), teamId: id, volunteerId: v.id ?? '', orgId: c.id, role: i === 0 ? 'leader' : 'member', joinedOn: v.registeredOn });
      });
    }
    const stationCount = 2 + Math.floor(rand() * 3);
    for (let k = 0; k < stationCount; k++) {
      const star = rand() < 0.2 ? null : 1 + Math.floor(rand() * 5);
      stations.push({
        id: uuidv7(),
        orgId: c.id,
        name: `${place}${faker.location.street()}社区志愿服务站`,
        address: `衡阳市${place}${faker.location.street()}${1 + Math.floor(rand() * 200)}号`,
        star,
        ratedOn: star ? `${year}-03-01` : null,
        establishedOn: daysAgo(Math.floor(rand() * 3 * 365)),
      });
    }
    const countyProject = { id: uuidv7(), orgId: c.id, name: `${place}关爱留守儿童`, theme: '关爱留守儿童', startOn: `${year}-03-01`, endOn: null, target: 60 };
    projects.push(countyProject);

    // Activities: a fixed service day (1st and 3rd Saturday), and a few one-off ones, past and coming.
    const titles = ['河道巡护', '文明交通劝导', '敬老院探访', '留守儿童课业辅导', '社区环境清洁'];
    for (let k = 0; k < 4; k++) {
      const project = k === 0 ? pick(cityProjects) : k === 1 ? countyProject : null;
      const a: Row<typeof activity> = {
        id: uuidv7(),
        orgId: c.id,
        projectId: project?.id ?? null,
        teamId: teams.at(-1 - k)?.id ?? null,
        title: `${place}${titles[k] ?? '志愿服务'}`,
        serviceContent: titles[k] ?? '志愿服务',
        place: `${place}${faker.location.street()}`,
        lat: 26.9 + rand() * 0.4,
        lng: 112.4 + rand() * 0.4,
        geofenceM: 500,
        requiresApproval: k === 2,
        minAge: k === 0 ? 16 : null,
        status: 'published',
        recurrence: k === 0 ? { kind: 'monthly', weeks: [1, 3], weekday: 6, start: '09:00', end: '11:00', from: daysAgo(120), months: 6, capacity: 15 } : null,
      };
      acts.push(a);
      const days =
        k === 0
          ? recurrenceDates({
              kind: 'monthly',
              weeks: [1, 3],
              weekday: 6,
              start: '09:00',
              end: '11:00',
              from: daysAgo(120),
              months: 6,
              capacity: 15,
            })
          : [daysAgo(20 + Math.floor(rand() * 200)), addDays(today, 3 + Math.floor(rand() * 20))];
      for (const d of days) {
        const capacity = k === 0 ? 15 : 8 + Math.floor(rand() * 10);
        const s = { id: uuidv7(), activityId: a.id ?? '', orgId: c.id, startsAt: localInstant(d, '09:00'), endsAt: localInstant(d, '11:00'), capacity };
        shifts.push(s);
        const past = s.startsAt.getTime() < now;
        const want = Math.min(local.length, Math.floor(capacity * (past ? 0.7 + rand() * 0.3 : 0.3 + rand() * 0.9)));
        const chosen = [...new Set(Array.from({ length: want }, () => pick(local)))];
        chosen.forEach((v, i) => {
          const over = i >= capacity;
          const status = over ? 'waitlisted' : a.requiresApproval && !past && rand() < 0.5 ? 'pending' : past && rand() < 0.05 ? 'no_show' : 'confirmed';
          signups.push({ id: uuidv7(), shiftId: s.id, volunteerId: v.id ?? '', orgId: c.id, status, position: over ? i - capacity + 1 : null });
          if (project)
            recruits.push({
              id: uuidv7(),
              projectId: project.id,
              volunteerId: v.id ?? '',
              orgId: project.orgId,
              recruitedOn: chinaToday(new Date(Math.min(now, s.startsAt.getTime()))),
            });
        });
      }
    }
  }
  const seen = new Set<string>();
  const uniqueRecruits = recruits.filter((r) => {
    const key = `${r.projectId}/${r.volunteerId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await insertBatches(db, volunteerTeam, teams);
  await insertBatches(db, volunteerTeamMember, members);
  await insertBatches(db, volunteerStation, stations);
  await insertBatches(db, volunteerProject, projects);
  await insertBatches(db, activity, acts);
  await insertBatches(db, shift, shifts);
  await insertBatches(db, signup, signups);
  await insertBatches(db, volunteerProjectMember, uniqueRecruits);
  return {
    volunteers: volunteers.length,
    teams: teams.length,
    stations: stations.length,
    activities: acts.length,
    shifts: shifts.length,
    signups: signups.length,
  };
}
