// A year of 12355 work in the demo city (衡阳市): counsellors, a few thousand cases across channels,
// categories and risks with their sessions, referrals, escalations and satisfaction, and the
// lectures and group sessions with their reach. Deterministic (the demo's seeded random), bulk inserts.
import { fakerZH_CN as faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { chinaToday } from '../../platform/dates.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { calendarSetting, categoriesSetting, dueTimes, maskName, slaSetting } from './hotline.rules.ts';
import {
  type CaseChannel,
  type CaseOutcome,
  type CaseStatus,
  hotlineCase,
  hotlineCounsellor,
  hotlineLecture,
  hotlineNote,
  hotlineNumberSeq,
  hotlineReferral,
  hotlineSession,
  type ReferralAgency,
  type RiskLevel,
} from './hotline.schema.ts';

type Weighted<T> = readonly (readonly [T, number])[];
const dayMs = 86_400_000;
const chunk = 1000;

function weighted<T>(rand: () => number, xs: Weighted<T>): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of xs) {
    r -= w;
    if (r <= 0) return v;
  }
  return (xs.at(-1) as readonly [T, number])[0];
}

async function insertAll<T extends object>(db: Db, rows: T[], into: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await into(rows.slice(i, i + chunk));
  void db;
}

const channels: Weighted<CaseChannel> = [
  ['phone', 55],
  ['web', 14],
  ['mobile', 16],
  ['walk_in', 8],
  ['referral_in', 7],
];
const categoryWeights: Weighted<string> = [
  ['心理', 45],
  ['学业', 14],
  ['家庭', 12],
  ['法律', 10],
  ['就业', 8],
  ['权益', 6],
  ['困境帮扶', 3],
  ['其他', 2],
];
const risks: Weighted<RiskLevel> = [
  ['low', 55],
  ['medium', 33],
  ['high', 9],
  ['critical', 3],
];
const agencyOf: Record<string, ReferralAgency[]> = {
  法律: ['12348', '110', '12338'],
  权益: ['12338', '12345', '12348'],
  心理: ['hospital', 'school'],
  家庭: ['12338', 'school'],
  学业: ['school'],
  就业: ['12345'],
  困境帮扶: ['12345', 'other'],
  其他: ['12345', 'other'],
};
const partyOf: Record<ReferralAgency, string> = {
  '110': '衡阳市公安局指挥中心',
  '12345': '衡阳市 12345 政务服务便民热线',
  '12348': '衡阳市法律援助中心',
  '12338': '衡阳市妇联维权服务站',
  school: '学校心理健康教育中心',
  hospital: '衡阳市第二人民医院（精神卫生中心）',
  other: '衡阳市未成年人救助保护中心',
};
const summaries: Record<string, string[]> = {
  心理: ['最近情绪低落，经常失眠', '和同学关系紧张，感到孤立', '考试前非常焦虑，无法集中注意力', '感情受挫，想不开', '沉迷手机游戏，家人担心'],
  学业: ['对升学方向很迷茫', '成绩下滑，不想上学', '中考前压力大'],
  家庭: ['父母经常争吵，不想回家', '父母离异后与母亲关系紧张', '留守在家，想念外出务工的父母'],
  法律: ['在学校被同学欺负、勒索', '打工被拖欠工资', '网上被骗，想咨询如何维权'],
  就业: ['毕业后找不到工作', '想创业，咨询扶持政策', '刚入职不适应'],
  权益: ['被老师体罚，家长想反映', '个人信息被泄露', '被强制辍学打工'],
  困境帮扶: ['家庭困难，学费有困难', '生活无着，需要救助'],
  其他: ['咨询团组织关系转接', '咨询志愿服务报名'],
};
const lectureTitles = ['青春期心理健康讲座', '预防校园欺凌法治讲座', '网络安全与防诈骗', '生命教育主题讲座', '学会情绪管理', '职业规划与就业指导'];
const groupTitles = ['中考考前减压团体辅导', '高考考前减压团体辅导', '新生适应团体辅导', '留守儿童心理团体辅导'];

/**
 * Seeds the demo's 12355 year. Called once from the demo seed after the accounts exist (escalated
 * cases name a supervising account). Returns the number of cases.
 */
export async function seedDemoHotline(db: Db, pii: Pii, rand: () => number, today: string = chinaToday()): Promise<number> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const city = (await db.execute<{ id: number; path: string }>(sql`select id, path::text as path from org where division_code = '430400' limit 1`)).rows[0];
  if (!city) return 0;
  const owners = (
    await db.execute<{ id: number; path: string; name: string; depth: number; school: boolean }>(sql`
      select id, path::text as path, name, depth, coalesce(category in ('school_middle', 'school_higher', 'school_vocational'), false) as school
      from org where kind = 'committee' and status = 'active' and path <@ ${city.path}::ltree order by id`)
  ).rows;
  const counties = owners.filter((o) => o.depth === 2 && !o.school);
  const supervisors = (
    await db.execute<{ id: string; path: string }>(sql`
      select distinct on (a.id) a.id, o.path::text as path from account a join access_grant g on g.account_id = a.id join org o on o.id = g.org_id
      where g.role in ('committee_admin', 'cadre') and g.status = 'active' and o.path <@ ${city.path}::ltree order by a.id`)
  ).rows;
  const supervisorFor = (path: string) =>
    supervisors.find((s) => path === s.path || (path.startsWith(`${s.path}.`) && s.path !== city.path))?.id ??
    supervisors.find((s) => s.path === city.path)?.id ??
    null;

  // Counsellors: a few per county, experts at the city; volunteer experts serve the counties below.
  const counsellors: (typeof hotlineCounsellor.$inferInsert)[] = [];
  const rosterOf = new Map<number, string[]>();
  const addCounsellor = (orgId: number, kind: 'counsellor' | 'expert', qualifications: string[], categories: string[]) => {
    const id = uuidv7();
    counsellors.push({ id, orgId, name: faker.person.lastName() + faker.person.firstName(), kind, qualifications, categories });
    rosterOf.set(orgId, [...(rosterOf.get(orgId) ?? []), id]);
  };
  for (let k = 0; k < 8; k++)
    addCounsellor(city.id, 'expert', [pick(['国家二级心理咨询师', '执业律师', '精神科医师', '社会工作师'])], [pick(['心理', '法律', '家庭', '权益'])]);
  for (const c of counties) {
    const n = 2 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++)
      addCounsellor(c.id, 'counsellor', [pick(['国家三级心理咨询师', '国家二级心理咨询师', '心理健康教育教师'])], ['心理', pick(['学业', '家庭', '就业'])]);
  }
  await insertAll(db, counsellors, (b) => db.insert(hotlineCounsellor).values(b));

  const sla = slaSetting.default;
  const cal = calendarSetting.default;
  const cats = categoriesSetting.default;
  const end = Date.parse(`${today}T23:59:59+08:00`);
  const start = end - 365 * dayMs;
  const cases: (typeof hotlineCase.$inferInsert)[] = [];
  const sessions: (typeof hotlineSession.$inferInsert)[] = [];
  const referrals: (typeof hotlineReferral.$inferInsert)[] = [];
  const notes: (typeof hotlineNote.$inferInsert)[] = [];
  const phones: string[] = [];
  const seqByYear = new Map<string, number>();
  const total = 3600;
  // Counties take most cases; the city's own line and school committees the rest.
  const ownerWeights: Weighted<(typeof owners)[number]> = owners.map((o) => [o, o.depth === 1 ? 30 : o.school ? 1 : o.depth === 2 ? 12 : 0.5] as const);
  const times: number[] = [];
  for (let i = 0; i < total; i++) {
    // more calls in term time and before exams (May–June, December)
    let t = start + rand() * (end - start - 3_600_000);
    const month = new Date(t).getUTCMonth() + 1;
    if ((month === 7 || month === 8) && rand() < 0.35) t = start + rand() * (end - start - 3_600_000);
    times.push(t);
  }
  times.sort((a, b) => a - b);
  for (const t0 of times) {
    // calls come in the day and evening, China time
    const local = new Date(t0 + 8 * 3_600_000);
    const hour = 8 + Math.floor(rand() * 14);
    const receivedAt = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour - 8, Math.floor(rand() * 60)));
    if (receivedAt.getTime() > end - 2 * 3_600_000) continue;
    const receivedOn = chinaToday(receivedAt);
    const owner = weighted(rand, ownerWeights);
    const channel = weighted(rand, channels);
    const category = weighted(rand, categoryWeights);
    const sub = cats.find((c) => c.name === category)?.subcategories ?? [];
    let risk = weighted(rand, risks);
    const subcategory = sub.length && rand() < 0.85 ? pick(sub) : null;
    if (subcategory === '自伤自杀风险') risk = rand() < 0.5 ? 'critical' : 'high';
    const anonymous = channel === 'mobile' ? rand() < 0.6 : rand() < 0.22;
    let phone: string | null = null;
    if (!anonymous) {
      phone = phones.length > 20 && rand() < 0.12 ? pick(phones) : `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      phones.push(phone);
    }
    const name = anonymous ? null : faker.person.lastName() + faker.person.firstName();
    const age = category === '就业' ? 18 + Math.floor(rand() * 10) : 11 + Math.floor(rand() * 14);
    const due = dueTimes(receivedAt, category, risk, sla, cal);
    const year = receivedOn.slice(0, 4);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const id = uuidv7();
    const ageDays = (end - receivedAt.getTime()) / dayMs;
    const answered = channel === 'phone' || channel === 'walk_in';
    const firstResponseAt = answered ? receivedAt : new Date(receivedAt.getTime() + (rand() < 0.9 ? 0.2 + rand() * 3 : 4 + rand() * 40) * 3_600_000);
    const roster = [...(rosterOf.get(owner.id) ?? []), ...(rosterOf.get(city.id) ?? [])];
    const counsellorId = roster.length ? pick(roster) : null;
    // Older cases are mostly closed; recent ones are in every state.
    let status: CaseStatus = 'closed';
    if (ageDays < 20)
      status = weighted(rand, [
        ['closed', ageDays > 7 ? 5 : 2],
        ['active', 3],
        ['new', ageDays < 2 ? 3 : 0.3],
        ['waiting', 1],
        ['referred', 0.6],
      ] as const);
    else if (rand() < 0.015) status = 'waiting';
    const high = risk === 'high' || risk === 'critical';
    const resolveDays = high ? 0.5 + rand() * 4 : rand() < 0.88 ? 0.3 + rand() * 6 : 7 + rand() * 20;
    let closedAt = status === 'closed' ? new Date(Math.min(receivedAt.getTime() + resolveDays * dayMs, end - 3_600_000)) : null;
    if (closedAt && closedAt <= firstResponseAt) closedAt = new Date(firstResponseAt.getTime() + 3_600_000);
    const sup = high ? supervisorFor(owner.path) : null;
    const escalatedAt = high && sup ? new Date(firstResponseAt.getTime() + 10 * 60_000) : null;
    const followedUpAt = escalatedAt && (status === 'closed' || rand() < 0.5) ? new Date(escalatedAt.getTime() + (6 + rand() * 40) * 3_600_000) : null;
    if (closedAt && followedUpAt && closedAt < followedUpAt) closedAt = new Date(followedUpAt.getTime() + 3_600_000);
    if (closedAt && high && !sup) closedAt = null;
    if (!closedAt && status === 'closed') status = 'active';
    const met = closedAt ? closedAt <= due.resolutionDueAt : null;
    const refer = rand() < (category === '法律' || category === '权益' ? 0.3 : 0.04) || status === 'referred';
    const outcome: CaseOutcome | null = closedAt
      ? refer
        ? 'referred'
        : weighted(rand, [
            ['resolved', 55],
            ['advised', 35],
            ['no_contact', 6],
            ['withdrawn', 4],
          ] as const)
      : null;
    const satisfied = closedAt && outcome !== 'no_contact' && rand() < 0.6;
    const score = satisfied
      ? weighted(rand, [
          [5, 58],
          [4, 30],
          [3, 8],
          [2, 3],
          [1, 1],
        ] as const)
      : null;
    const now = new Date(end);
    const frBreached = !answered && firstResponseAt > due.firstResponseDueAt ? due.firstResponseDueAt : null;
    const openBreach = !closedAt && status !== 'waiting' && due.resolutionDueAt < now ? due.resolutionDueAt : null;
    cases.push({
      id,
      orgId: owner.id,
      number: `12355-${year}-${String(seq).padStart(6, '0')}`,
      channel,
      category,
      subcategory,
      risk,
      status,
      anonymous,
      callerNameEnc: name ? pii.encrypt(name) : null,
      callerNameMasked: name ? maskName(name) : null,
      callerPhoneEnc: phone ? pii.encrypt(phone) : null,
      callerPhoneMasked: phone ? maskPhone(phone) : null,
      callerPhoneHash: phone ? pii.hash('phone', phone) : null,
      callerMinor: age < 18,
      callerAge: rand() < 0.8 ? age : null,
      callerGender: rand() < 0.55 ? 'F' : 'M',
      summary: pick(summaries[category] ?? summaries.其他 ?? ['咨询']),
      receivedAt,
      receivedOn,
      firstResponseAt: status === 'new' && !answered ? null : firstResponseAt,
      ...due,
      pausedAt: status === 'waiting' ? new Date(Math.max(firstResponseAt.getTime(), end - 2 * dayMs)) : null,
      firstResponseBreachedAt: frBreached,
      resolutionBreachedAt: met === false ? due.resolutionDueAt : openBreach,
      counsellorId: status === 'new' ? null : counsellorId,
      handlerIds: sup ? [sup] : [],
      supervisorId: escalatedAt ? sup : null,
      escalatedAt,
      escalationReason: escalatedAt ? (subcategory === '自伤自杀风险' ? '来电人表达自伤意念，已上报督导' : '高风险个案，按规定上报') : null,
      safetyPlan: escalatedAt ? '与监护人建立 24 小时陪伴；每日电话随访；必要时陪同就医' : null,
      safetyPlanAt: escalatedAt,
      followUpDueAt: escalatedAt ? new Date(escalatedAt.getTime() + sla.followUpHours * 3_600_000) : null,
      followedUpAt,
      outcome,
      closedAt,
      closedOn: closedAt ? chinaToday(closedAt) : null,
      closingSummary: closedAt ? '已按来电人需求提供服务，结案' : null,
      resolutionMet: met,
      satisfaction: score,
      satisfactionResolved: score === null ? null : score >= 4,
      satisfactionAt: score !== null && closedAt ? new Date(Math.min(closedAt.getTime() + (1 + rand() * 72) * 3_600_000, end)) : null,
    });
    // Sessions: the intake call itself, counselling sessions, and the follow-up visit.
    if (status !== 'new') {
      const n = high ? 2 + Math.floor(rand() * 3) : 1 + Math.floor(rand() * 2);
      const last = closedAt?.getTime() ?? end - 3_600_000;
      for (let k = 0; k < n; k++) {
        const heldAt = new Date(Math.min(firstResponseAt.getTime() + k * (0.5 + rand() * 2) * dayMs, last));
        sessions.push({
          id: uuidv7(),
          caseId: id,
          orgId: owner.id,
          kind: 'session',
          heldAt,
          heldOn: chinaToday(heldAt),
          minutes: 15 + Math.floor(rand() * 50),
          form:
            channel === 'walk_in'
              ? 'face'
              : weighted(rand, [
                  ['phone', 70],
                  ['online', 20],
                  ['face', 10],
                ] as const),
          summary: '倾听、共情，评估风险，提供建议',
          counsellorId,
        });
      }
      if (followedUpAt)
        sessions.push({
          id: uuidv7(),
          caseId: id,
          orgId: owner.id,
          kind: 'follow_up',
          heldAt: followedUpAt,
          heldOn: chinaToday(followedUpAt),
          minutes: 20 + Math.floor(rand() * 30),
          form: rand() < 0.5 ? 'visit' : 'phone',
          summary: '回访：情绪平稳，安全计划落实',
          counsellorId,
        });
      if (high && rand() < 0.6)
        notes.push({
          id: uuidv7(),
          caseId: id,
          orgId: owner.id,
          bodyEnc: pii.encrypt('来电人详细情况及家庭背景已记录，注意保护隐私。'),
          authorName: '咨询师',
          createdAt: firstResponseAt,
        });
    }
    if (refer && status !== 'new') {
      const agency = pick(agencyOf[category] ?? ['other']);
      const referredOn = chinaToday(new Date(firstResponseAt.getTime() + 3_600_000));
      const confirmed = status !== 'referred';
      referrals.push({
        id: uuidv7(),
        caseId: id,
        orgId: owner.id,
        agency,
        receivingParty: partyOf[agency],
        referredOn,
        receipt: confirmed ? `回执-${referredOn.replace(/-/g, '')}-${Math.floor(rand() * 900 + 100)}` : null,
        status: confirmed ? 'confirmed' : 'pending',
        confirmedOn: confirmed ? referredOn : null,
        confirmation: confirmed ? '接收方已受理' : null,
      });
    }
  }
  await insertAll(db, cases, (b) => db.insert(hotlineCase).values(b));
  await insertAll(db, sessions, (b) => db.insert(hotlineSession).values(b));
  await insertAll(db, referrals, (b) => db.insert(hotlineReferral).values(b));
  await insertAll(db, notes, (b) => db.insert(hotlineNote).values(b));
  for (const [prefix, last] of seqByYear) await db.insert(hotlineNumberSeq).values({ prefix, last }).onConflictDoNothing();

  // Group work: about 150 lectures and 40 stress-relief sessions in schools over the year.
  const lectures: (typeof hotlineLecture.$inferInsert)[] = [];
  const hosts = owners.filter((o) => o.depth <= 2);
  for (let i = 0; i < 190; i++) {
    const group = i % 5 === 0;
    const heldOn = chinaToday(new Date(start + rand() * (end - start - dayMs)));
    lectures.push({
      id: uuidv7(),
      orgId: pick(hosts).id,
      kind: group ? 'group_counselling' : 'lecture',
      title: group ? pick(groupTitles) : pick(lectureTitles),
      heldOn,
      place: `${pick(['第一中学', '实验中学', '职业中专', '第二中学', '中心小学'])}${group ? '心理辅导室' : '报告厅'}`,
      audience: group ? pick(['初三学生', '高三学生', '高一新生', '留守儿童']) : pick(['全体学生', '初中学生', '家长', '高中学生']),
      reach: group ? 30 + Math.floor(rand() * 35) : 80 + Math.floor(rand() * 320),
      reachUnit: 'people',
      counsellorId: pick(counsellors).id ?? null,
    });
  }
  await insertAll(db, lectures, (b) => db.insert(hotlineLecture).values(b));
  await db.execute(sql`analyze hotline_case`);
  await db.execute(sql`analyze hotline_session`);
  return cases.length;
}
