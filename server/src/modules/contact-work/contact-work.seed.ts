// A year of contact work in the demo city (衡阳市): every full-time committee cadre with a book of
// 60–140 youths and their contacts (two in three reach the 1+100 target), ~200 visits, ~20 reports, ~400 suggestions (~95% resolved),
// ~100 proposals and pairings with activities. Bulk inserts, deterministic (seeded random).
import { fakerZH_CN as faker } from '@faker-js/faker';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { addDays } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { workflowStep } from '../../platform/workflow/workflow.schema.ts';
import { cadre } from '../cadres/index.ts';
import { person } from '../people/index.ts';
import { contactKinds, contactWays, followUpDue, pairingKinds, proposalChannels, suggestionSources } from './contact-work.rules.ts';
import { cwContact, cwContactLog, cwPairing, cwPairingActivity, cwProposal, cwReport, cwSuggestion, cwVisit } from './contact-work.schema.ts';

async function insertAll<T extends object>(db: Db, table: Parameters<Db['insert']>[0], rows: T[], size = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size) as never);
}

const topics = ['就业创业需求', '技能培训意愿', '婚恋交友', '子女入学', '住房租房', '心理压力', '志愿服务', '团组织活动', '返乡创业', '权益维护'];
const suggestionTitles = [
  '希望增加青年技能培训班次',
  '建议开放青年之家晚间时段',
  '希望解决园区青年通勤难',
  '建议组织青年联谊活动',
  '希望提供创业贷款政策解读',
  '建议增设社区自习室',
  '希望加强新就业形态青年权益保护',
  '建议开展青少年心理健康讲座',
];
const proposalTitles = [
  '关于支持青年返乡创业的建议',
  '关于加强青少年心理健康服务的提案',
  '关于建设青年发展型城市的议案',
  '关于完善新就业形态青年社会保障的建议',
  '关于增加青年人才公寓供给的提案',
];
const reportTitles = [
  '关于农村青年就业创业情况的调研报告',
  '关于新就业形态青年群体的调研报告',
  '关于青少年心理健康状况的调研报告',
  '关于两新组织团建工作的调研报告',
];

/**
 * Seeds the year before `today`. Links the demo's `cadre` account to a full-time cadre of its
 * county committee (so "my contact book" and the phone page have a book), when it has no person.
 */
export async function seedDemoContactWork(db: Db, pii: Pii, today: string, seed = 2027): Promise<Record<string, number>> {
  let s = seed;
  const rand = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
  faker.seed(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const from = addDays(today, -364);
  const dayIn = (lo = from, hi = today) => {
    const span = Math.max(0, Math.round((Date.parse(hi) - Date.parse(lo)) / 86_400_000));
    return addDays(lo, int(0, span));
  };

  const orgs = await db.select({ id: org.id, path: org.path, kind: org.kind, name: org.name, depth: org.depth }).from(org).where(eq(org.status, 'active'));
  if (orgs.length === 0) return {};
  const branches = orgs.filter((o) => o.kind === 'branch');
  const cadres = await db
    .select({ id: cadre.id, personId: cadre.personId, orgId: cadre.orgId, kind: cadre.kind, name: person.name, path: org.path, orgKind: org.kind })
    .from(cadre)
    .innerJoin(org, eq(org.id, cadre.orgId))
    .innerJoin(person, eq(person.id, cadre.personId))
    .where(and(eq(cadre.status, 'active'), inArray(org.kind, ['committee', 'working_committee'])))
    .orderBy(cadre.id);

  // the demo's cadre account becomes one of its county committee's cadres
  const [demoCadre] = await db
    .select({ id: account.id, personId: account.personId, orgId: accessGrant.orgId })
    .from(account)
    .innerJoin(accessGrant, eq(accessGrant.accountId, account.id))
    .where(eq(account.username, 'cadre'));
  let linkedPerson: string | null = demoCadre?.personId ?? null;
  if (demoCadre && !linkedPerson) {
    const mine = cadres.filter((c) => c.orgId === demoCadre.orgId).sort((a, b) => Number(b.kind === 'full_time') - Number(a.kind === 'full_time'));
    linkedPerson = mine[0]?.personId ?? null;
    if (linkedPerson) await db.update(account).set({ personId: linkedPerson }).where(eq(account.id, demoCadre.id));
  }
  const keepers = cadres.filter((c) => c.kind === 'full_time' || c.personId === linkedPerson);
  const seen = new Set<string>();
  const books = keepers.filter((c) => !seen.has(c.personId) && seen.add(c.personId));

  // Each cadre's youths belong to orgs below the cadre's org (branches where there are some).
  const below = new Map<string, { id: number }[]>();
  const orgsBelow = (path: string) => {
    let xs = below.get(path);
    if (!xs) {
      const all = orgs.filter((o) => o.path === path || o.path.startsWith(`${path}.`));
      const b = all.filter((o) => o.kind === 'branch');
      xs = (b.length ? b : all).map((o) => ({ id: o.id }));
      below.set(path, xs);
    }
    return xs;
  };

  const contacts: (typeof cwContact.$inferInsert)[] = [];
  const logs: (typeof cwContactLog.$inferInsert)[] = [];
  const contactsByOrg = new Map<number, string[]>();
  for (const [bi, c] of books.entries()) {
    // two cadres in three keep a full book and reach their 100 youths; the third is behind (the figure has both kinds)
    const onTarget = bi % 3 !== 2;
    const n = onTarget ? int(115, 140) : int(60, 95);
    const places = orgsBelow(c.path);
    for (let i = 0; i < n; i++) {
      const gender = rand() < 0.5 ? 'male' : 'female';
      const phone = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      const orgId = pick(places).id;
      const id = uuidv7();
      contacts.push({
        id,
        orgId,
        cadreId: c.id,
        cadrePersonId: c.personId,
        name: faker.person.lastName() + faker.person.firstName(gender),
        phoneEnc: pii.encrypt(phone),
        phoneHash: pii.hash('phone', phone),
        phoneMasked: maskPhone(phone),
        kind: pick(contactKinds),
        occupation: null,
        createdAt: new Date(`${from}T08:00:00+08:00`),
      });
      const atOrg = contactsByOrg.get(orgId);
      if (atOrg) atOrg.push(id);
      else contactsByOrg.set(orgId, [id]);
      // most youths are reached once or twice a year; a few not yet
      const times = rand() < (onTarget ? 0.03 : 0.08) ? 0 : int(1, 3);
      for (let k = 0; k < times; k++) {
        logs.push({
          id: uuidv7(),
          requestId: uuidv7(),
          orgId,
          contactId: id,
          cadrePersonId: c.personId,
          contactedOn: dayIn(),
          way: pick(contactWays),
          topic: pick(topics),
        });
      }
    }
  }
  await insertAll(db, cwContact, contacts);
  await insertAll(db, cwContactLog, logs, 2000);

  const cadreNames = books.map((c) => c.name);
  const visits: (typeof cwVisit.$inferInsert)[] = [];
  for (let i = 0; i < 200; i++) {
    visits.push({
      id: uuidv7(),
      orgId: pick(branches.length ? branches : orgs).id,
      visitedOn: dayIn(),
      visitors: `${pick(cadreNames.length ? cadreNames : ['团干部'])}等`,
      topic: `走访调研：${pick(topics)}`,
    });
  }
  await insertAll(db, cwVisit, visits);

  const committees = orgs.filter((o) => o.kind === 'committee' && o.depth <= 3);
  const reports = Array.from({ length: 22 }, () => ({
    id: uuidv7(),
    orgId: pick(committees.length ? committees : orgs).id,
    title: pick(reportTitles),
    authors: `${pick(cadreNames.length ? cadreNames : ['调研组'])}、${pick(cadreNames.length ? cadreNames : ['调研组'])}`,
    writtenOn: dayIn(),
    summary: '通过座谈、走访和问卷了解青年所思所盼，提出对策建议。',
  }));
  await insertAll(db, cwReport, reports);

  // suggestions: received over the year, ~95% resolved (a few explained, a few still open)
  const [assignee] = await db.select({ id: account.id, username: account.username }).from(account).where(eq(account.username, 'hengyang'));
  const suggestions: (typeof cwSuggestion.$inferInsert)[] = [];
  const steps: (typeof workflowStep.$inferInsert)[] = [];
  const stepOf = (wf: string, entityId: string, orgId: number, action: string, fromState: string | null, toState: string, on: string) =>
    steps.push({
      workflow: wf,
      entityId,
      orgId,
      action,
      fromState,
      toState,
      occurredOn: on,
      actorId: assignee?.id ?? null,
      actorUsername: assignee?.username ?? null,
    });
  const contactOrgs = [...contactsByOrg.keys()];
  for (let i = 0; i < 400; i++) {
    const id = uuidv7();
    const source = pick(suggestionSources);
    const orgId = contactOrgs.length ? pick(contactOrgs) : pick(orgs).id;
    const receivedOn = dayIn(from, addDays(today, -3));
    const r = rand();
    const assignedOn = addDays(receivedOn, int(0, 2)) > today ? today : addDays(receivedOn, int(0, 2));
    const settled = r < 0.95 ? 'resolved' : r < 0.98 ? 'explained' : null;
    const settledOn = settled ? (addDays(assignedOn, int(1, 20)) > today ? today : addDays(assignedOn, int(1, 20))) : null;
    const followedUpOn = settledOn && addDays(settledOn, 7) <= today && rand() < 0.97 ? addDays(settledOn, int(1, 7)) : null;
    const state = followedUpOn ? 'followed_up' : (settled ?? 'assigned');
    suggestions.push({
      id,
      orgId,
      source,
      contactId: source === 'contact' ? pick(contactsByOrg.get(orgId) ?? [null]) : null,
      sourceRef: source === 'youth_voice' ? `YV-${100000 + i}` : null,
      submitter: source === 'youth' || source === 'contact' ? faker.person.lastName() + faker.person.firstName() : null,
      title: pick(suggestionTitles),
      content: '青年反映的具体情况与诉求。',
      receivedOn,
      state,
      assigneeId: assignee?.id ?? null,
      assignedOn,
      outcome: settled,
      settledOn,
      answer: settled === 'resolved' ? '已协调相关部门落实。' : settled === 'explained' ? '已向青年解释相关政策。' : null,
      followUpDueOn: settledOn ? followUpDue(settledOn) : null,
      followUpRemindedOn: settledOn ? today : null,
      followedUpOn,
      satisfaction: followedUpOn ? (rand() < 0.9 ? 'satisfied' : 'basically') : null,
    });
    const wf = 'contact-work.suggestion';
    stepOf(wf, id, orgId, 'collect', null, 'collected', receivedOn);
    stepOf(wf, id, orgId, 'assign', 'collected', 'assigned', assignedOn);
    if (settled && settledOn) stepOf(wf, id, orgId, settled === 'resolved' ? 'resolve' : 'explain', 'assigned', settled, settledOn);
    if (followedUpOn) stepOf(wf, id, orgId, 'follow_up', settled ?? 'resolved', 'followed_up', followedUpOn);
  }
  await insertAll(db, cwSuggestion, suggestions);

  const proposals: (typeof cwProposal.$inferInsert)[] = [];
  for (let i = 0; i < 105; i++) {
    const id = uuidv7();
    const orgId = pick(committees.length ? committees : orgs).id;
    const submittedOn = dayIn(from, addDays(today, -10));
    const r = rand();
    const decidedOn = addDays(submittedOn, int(5, 30)) > today ? today : addDays(submittedOn, int(5, 30));
    const answeredOn = addDays(decidedOn, int(10, 60)) > today ? null : addDays(decidedOn, int(10, 60));
    const state = r < 0.08 ? 'submitted' : r < 0.14 ? 'not_accepted' : answeredOn ? 'answered' : 'accepted';
    proposals.push({
      id,
      orgId,
      channel: pick(proposalChannels),
      title: pick(proposalTitles),
      proposer: faker.person.lastName() + faker.person.firstName(),
      session: `${today.slice(0, 4)}年市“两会”`,
      submittedOn,
      state,
      decidedOn: state === 'submitted' ? null : decidedOn,
      answer: state === 'answered' ? '承办单位已书面答复，部分建议已采纳。' : null,
      answeredOn: state === 'answered' ? answeredOn : null,
    });
    const wf = 'contact-work.proposal';
    stepOf(wf, id, orgId, 'submit', null, 'submitted', submittedOn);
    if (state === 'not_accepted') stepOf(wf, id, orgId, 'reject', 'submitted', 'not_accepted', decidedOn);
    if (state === 'accepted' || state === 'answered') stepOf(wf, id, orgId, 'accept', 'submitted', 'accepted', decidedOn);
    if (state === 'answered' && answeredOn) stepOf(wf, id, orgId, 'answer', 'accepted', 'answered', answeredOn);
  }
  await insertAll(db, cwProposal, proposals);
  await insertAll(db, workflowStep, steps);

  const pairings: (typeof cwPairing.$inferInsert)[] = [];
  const activities: (typeof cwPairingActivity.$inferInsert)[] = [];
  const schools = orgs.filter((o) => /学|校/.test(o.name));
  for (let i = 0; i < 300; i++) {
    const id = uuidv7();
    const kind = pick(pairingKinds);
    const host = pick(branches.length ? branches : orgs);
    const startedOn = addDays(from, -int(0, 365));
    const a = kind === 'person_person' ? `${faker.person.lastName()}${faker.person.firstName()}` : host.name;
    const b = kind === 'org_org' ? pick(schools.length ? schools : orgs).name : `${faker.person.lastName()}${faker.person.firstName()}`;
    const ended = rand() < 0.1;
    pairings.push({
      id,
      orgId: host.id,
      kind,
      sideA: a,
      sideB: b,
      theme: pick(['学业帮扶', '心理陪伴', '城乡少年手拉手', '书信交流']),
      startedOn,
      status: ended ? 'ended' : 'active',
      endedOn: ended ? dayIn() : null,
    });
    for (let k = ended ? 0 : int(0, 3); k > 0; k--)
      activities.push({ id: uuidv7(), orgId: host.id, pairingId: id, heldOn: dayIn(), title: pick(['结对见面会', '书信往来', '学习辅导', '节日慰问']) });
  }
  await insertAll(db, cwPairing, pairings);
  await insertAll(db, cwPairingActivity, activities);
  await db.execute(sql`analyze cw_contact, cw_contact_log, cw_suggestion, cw_visit, cw_proposal, cw_pairing`);
  return {
    cadres: books.length,
    contacts: contacts.length,
    logs: logs.length,
    visits: visits.length,
    reports: reports.length,
    suggestions: suggestions.length,
    proposals: proposals.length,
    pairings: pairings.length,
  };
}
