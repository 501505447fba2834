import { fakerZH_CN as faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import type { Pii } from '../../platform/pii.ts';
import { workflowStep } from '../../platform/workflow/workflow.schema.ts';
import type { OrgCategory } from '../../platform/org-tree/org-tree.schema.ts';
import { makeIdNumber } from '../people/index.ts';
import { person } from '../people/index.ts';
import { sensitiveColumns } from '../people/index.ts';
import { development } from './development.workflow.ts';
import { birthdayAt } from '../../platform/dates.ts';
import { maxMemberAge, minJoinAge } from '../../platform/league.ts';
import { devNumberSince } from './members.rules.ts';
import { member, memberApplication, type ApplicationStage } from './members.schema.ts';

type Branch = { id: number; path: string; category: OrgCategory | null; division_code: string | null; county: string | null };

/** The first 衡阳县 village or community branches: the demo secretary's is the first. */
const isShowcase = (b: Branch) => b.county === '430421' && (b.category === 'village' || b.category === 'community');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = 86_400_000;

/** Typical ages by branch category: students in schools, young adults elsewhere. */
function ageRange(category: OrgCategory | null): [number, number] {
  if (category === 'school_middle' || category === 'school_vocational') return [15, 18];
  if (category === 'school_higher') return [18, 23];
  return [18, maxMemberAge];
}

/**
 * Demo members: 4–9 per branch (about 20 in the two showcase branches) with valid ID numbers (ages 14–28), development numbers for
 * admissions since 2017, a few records without a phone (so record completeness is below 100%),
 * and open applications at every stage in two 衡阳县 branches (the demo secretary's first).
 */
export async function seedDemoMembers(db: Db, pii: Pii, rand: () => number, now = Date.now()): Promise<{ members: number; applications: number }> {
  const branches = (
    await db.execute<Branch>(sql`
      select b.id, b.path::text as path, b.category, b.division_code,
        (select c.division_code from org c where b.path <@ c.path and c.depth = 2) as county
      from org b where b.kind in ('branch', 'temp_branch') and b.status = 'active' order by b.id`)
  ).rows;
  const people: (typeof person.$inferInsert)[] = [];
  const members: (typeof member.$inferInsert)[] = [];
  const seqByYear = new Map<string, number>();
  let n = 0;
  // ID numbers must be unique, also against the cadres seeded before.
  const taken = new Set((await db.select({ h: person.idNumberHash }).from(person)).map((r) => r.h));
  const used = new Set<string>();
  const idNumberFor = (division: string, birthDate: string, gender: 'M' | 'F') => {
    for (;;) {
      const v = makeIdNumber(division, birthDate, ++n % 997, gender);
      if (!used.has(v) && !taken.has(pii.hash('id', v))) {
        used.add(v);
        return v;
      }
    }
  };
  const sponsorsOf = new Map<number, string[]>();
  // Fuller rolls in the two 衡阳县 branches that show development; a handful elsewhere keeps seeding fast.
  const showcase = new Set(
    branches
      .filter(isShowcase)
      .slice(0, 2)
      .map((b) => b.id),
  );
  for (const b of branches) {
    const count = showcase.has(b.id) ? 18 + Math.floor(rand() * 6) : 4 + Math.floor(rand() * 6);
    const [lo, hi] = ageRange(b.category);
    const division = (b.division_code ?? b.county ?? '430400').slice(0, 6);
    for (let k = 0; k < count; k++) {
      const age = lo + rand() * (hi - lo);
      const birthDate = day(now - age * 365.25 * dayMs);
      const from = Date.parse(birthdayAt(birthDate, minJoinAge));
      // Admitted between the 14th birthday and today (most join at 14–16).
      const admittedOn = day(Math.min(now - dayMs, from + rand() * Math.min(3, age - minJoinAge) * 365.25 * dayMs));
      const gender = rand() < 0.5 ? 'M' : 'F';
      const idNumber = idNumberFor(division, birthDate, gender);
      const phone = rand() < 0.06 ? null : `1${['3', '5', '7', '8', '9'][Math.floor(rand() * 5)]}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      const personId = uuidv7();
      people.push({
        id: personId,
        orgId: b.id,
        name: faker.person.lastName() + faker.person.firstName(gender === 'M' ? 'male' : 'female'),
        gender,
        birthDate,
        politicalStatus: '共青团员',
        ...sensitiveColumns(pii, idNumber, phone),
      });
      let devNo: string | null = null;
      if (admittedOn >= devNumberSince) {
        const y = admittedOn.slice(0, 4);
        const s = (seqByYear.get(y) ?? 0) + 1;
        seqByYear.set(y, s);
        devNo = `${y}${String(s).padStart(8, '0')}`;
      }
      const id = uuidv7();
      members.push({ id, personId, orgId: b.id, admittedOn, developmentNumber: devNo, duesCategory: lo < 18 ? 'student' : 'other' });
      if (k < 2) sponsorsOf.set(b.id, [...(sponsorsOf.get(b.id) ?? []), id]);
    }
  }

  // Open applications at every stage in two 衡阳县 village branches.
  const stages: ApplicationStage[] = ['applied', 'activist', 'activist', 'candidate', 'reviewed', 'voted', 'inducted'];
  const picked = branches.filter(isShowcase).slice(0, 2);
  const applications: (typeof memberApplication.$inferInsert)[] = [];
  const steps: (typeof workflowStep.$inferInsert)[] = [];
  for (const b of picked) {
    const [s1, s2] = sponsorsOf.get(b.id) ?? [];
    for (const [i, stage] of stages.entries()) {
      const gender = rand() < 0.5 ? 'M' : 'F';
      const birthDate = day(now - (15 + rand() * 8) * 365.25 * dayMs);
      const personId = uuidv7();
      people.push({
        id: personId,
        orgId: b.id,
        name: faker.person.lastName() + faker.person.firstName(gender === 'M' ? 'male' : 'female'),
        gender,
        birthDate,
        politicalStatus: '群众',
        ...sensitiveColumns(pii, idNumberFor((b.division_code ?? '430421').slice(0, 6), birthDate, gender), null),
      });
      const id = uuidv7();
      const at = (monthsAgo: number) => day(now - monthsAgo * 30.5 * dayMs);
      // Dates march forward: applied 9 months ago, activist 8, candidate 4, reviewed 3, vote 2, approval and ceremony 1.
      const reached = (s: ApplicationStage) => stages.indexOf(s) <= stages.indexOf(stage);
      const a: typeof memberApplication.$inferInsert = { id, personId, orgId: b.id, stage, appliedOn: at(9) };
      const plan: [ApplicationStage, keyof typeof development.transitions, string, Record<string, unknown> | null][] = [['applied', 'apply', at(9), null]];
      if (reached('activist')) {
        Object.assign(a, { activistOn: at(8), activistRoute: i % 2 ? 'young_pioneers' : 'recommendation', lessonHours: i === 1 ? 4 : 8 });
        plan.push(['activist', 'activist', at(8), { route: a.activistRoute }], ['activist', 'lessons', at(6), { hours: a.lessonHours }]);
      }
      if (reached('candidate')) {
        Object.assign(a, { candidateOn: at(4), sponsor1Id: s1, sponsor2Id: s2 });
        plan.push(['candidate', 'candidate', at(4), { sponsor1Id: s1, sponsor2Id: s2 }]);
      }
      if (reached('reviewed')) {
        a.reviewedOn = at(3);
        plan.push(['reviewed', 'review', at(3), null]);
      }
      if (reached('voted')) {
        Object.assign(a, { voteOn: at(2), voteEligible: 12, votePresent: 10, voteYes: 9 });
        plan.push(['voted', 'vote', at(2), { eligible: 12, present: 10, yes: 9, passed: true }]);
      }
      if (stage === 'inducted') {
        const memberId = uuidv7();
        const y = at(2).slice(0, 4);
        const s = (seqByYear.get(y) ?? 0) + 1;
        seqByYear.set(y, s);
        members.push({ id: memberId, personId, orgId: b.id, admittedOn: at(2), developmentNumber: `${y}${String(s).padStart(8, '0')}` });
        Object.assign(a, { approvedOn: at(1), ceremonyOn: at(1), memberId });
        plan.push(['approved', 'approve', at(1), { memberId }], ['inducted', 'ceremony', at(1), null]);
      }
      applications.push(a);
      let from: ApplicationStage | null = null;
      for (const [to, action, on, data] of plan) {
        steps.push({
          workflow: development.name,
          entityId: id,
          orgId: b.id,
          action,
          fromState: from,
          toState: to,
          actorUsername: 'demo',
          occurredOn: on,
          data,
        });
        from = to;
      }
    }
  }

  for (let i = 0; i < people.length; i += 2000) await db.insert(person).values(people.slice(i, i + 2000));
  for (let i = 0; i < members.length; i += 4000) await db.insert(member).values(members.slice(i, i + 4000));
  if (applications.length > 0) {
    await db.insert(memberApplication).values(applications);
    await db.insert(workflowStep).values(steps);
  }
  return { members: members.length, applications: applications.length };
}
