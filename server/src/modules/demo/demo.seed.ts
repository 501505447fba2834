import { fakerZH_CN as faker } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Pii } from '../../platform/pii.ts';
import { createAdmin } from '../accounts/index.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import type { Role } from '../../platform/access/roles.ts';
import { org, type OrgCategory, type OrgKind } from '../../platform/org-tree/org-tree.schema.ts';
import { makeIdNumber, person, sensitiveColumns } from '../people/index.ts';
import divisions from './divisions-4304.json' with { type: 'json' };
import { seedDemoMembers } from '../members/index.ts';
import { seedDemoVolunteers } from '../volunteers/index.ts';
import { seedDemoHours } from '../volunteer-hours/index.ts';
import { seedDemoCadres } from '../cadres/index.ts';
import { chinaToday } from '../../platform/dates.ts';
import { seedDemoMemberLife } from '../member-life/index.ts';
import { seedDemoMeetings, seedDemoRatings } from '../org-life/index.ts';
import { seedDemoStudy } from '../study/index.ts';
import { seedDemoContactWork } from '../contact-work/index.ts';
import { seedDemoYouthVoice } from '../youth-voice/index.ts';
import { seedDemoHotline } from '../hotline/index.ts';

type Divisions = {
  province: { code: string; name: string };
  city: { code: string; name: string };
  counties: { code: string; name: string; towns: { code: string; name: string; villages: string[][] }[] }[];
};
type Node = {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  rootId: number;
  name: string;
  kind: OrgKind;
  category: OrgCategory | null;
  divisionCode: string | null;
  establishedOn: string;
  sortKey: string;
};

export const demoPassword = 'tuanwu2026';
export const demoAccounts: { username: string; displayName: string; role: Role; org: string; note: string }[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', org: 'province', note: '全省 / whole province' },
  { username: 'hengyang', displayName: '衡阳市团委管理员', role: 'committee_admin', org: 'city', note: '衡阳市' },
  { username: 'zhuhui', displayName: '珠晖区团委管理员', role: 'committee_admin', org: 'county:430405', note: '珠晖区' },
  { username: 'hyx', displayName: '衡阳县团委管理员', role: 'committee_admin', org: 'county:430421', note: '衡阳县' },
  { username: 'cadre', displayName: '衡阳县团委干部', role: 'cadre', org: 'county:430421', note: '衡阳县' },
  { username: 'secretary', displayName: '支部书记', role: 'branch_secretary', org: 'firstBranch:430421', note: '衡阳县某村团支部' },
  { username: 'observer', displayName: '市团委观察员', role: 'observer', org: 'city', note: '衡阳市 (只读 / read-only)' },
];

/** A seeded random source, so the demo is the same on every machine. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

function townOrg(name: string): { name: string; kind: OrgKind; category: OrgCategory } {
  if (name.endsWith('街道')) return { name: `${name}团工委`, kind: 'working_committee', category: 'street' };
  if (/[镇乡]$/.test(name)) return { name: `${name}团委`, kind: 'committee', category: 'township' };
  return { name: `${name}团委`, kind: 'committee', category: 'other' };
}

function villageOrg(raw: string): { name: string; category: OrgCategory } {
  const isCommunity = /居委会$|居民委员会$|社区/.test(raw);
  let base = raw.replace(/(村民委员会|村委会)$/, '村').replace(/(居民委员会|居委会)$/, '');
  if (isCommunity && !base.endsWith('社区')) base += '社区';
  return { name: `${base}团支部`, category: isCommunity ? 'community' : 'village' };
}

export type SeedProgress = (done: number, total: number, stage: string) => void;

/**
 * The demo: 湖南省 → 衡阳市 → every county, township and street of GB/T 2260 → every village
 * and community, plus schools, enterprises, agencies and social organizations, with cadres.
 */
export async function seedDemo(db: Db, pii: Pii, progress: SeedProgress = () => {}): Promise<{ orgs: number; people: number; accounts: number }> {
  const d: Divisions = divisions;
  const rand = seeded(4304);
  faker.seed(4304);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const date = (from: number, to: number) => {
    const t = from + rand() * (to - from);
    return new Date(t).toISOString().slice(0, 10);
  };
  const y = (year: number) => Date.UTC(year, 0, 1);
  const now = Date.now();

  const [{ n: existing } = { n: 0 }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from org`)).rows;
  if (existing > 0) throw new Error('The database already has orgs: the demo seeds an empty database only');

  const nodes: Node[] = [];
  const siblingNames = new Set<string>();
  let nextId = 1;
  const add = (
    parent: Node | null,
    o: { name: string; kind: OrgKind; category?: OrgCategory | null; divisionCode?: string | null; establishedOn?: string },
  ): Node => {
    const id = nextId++;
    // Two divisions can share a name within one township; active siblings may not.
    let name = o.name;
    if (siblingNames.has(`${parent?.id}/${name}`)) name = name.replace(/(团支部|团委|团工委)$/, `（${o.divisionCode?.slice(-3) ?? id}）$1`);
    siblingNames.add(`${parent?.id}/${name}`);
    const n: Node = {
      id,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path}.${id}` : String(id),
      depth: parent ? parent.depth + 1 : 0,
      rootId: parent?.rootId ?? id,
      name,
      kind: o.kind,
      category: o.category ?? null,
      divisionCode: o.divisionCode ?? null,
      // Mostly long-standing orgs; a few each recent year, so "established in a period" has data.
      establishedOn: o.establishedOn ?? (rand() < 0.12 ? date(y(2024), now - 86_400_000) : date(y(1985), y(2024))),
      sortKey: o.divisionCode ?? `~${String(id).padStart(8, '0')}`,
    };
    nodes.push(n);
    return n;
  };

  const province = add(null, {
    name: `共青团${d.province.name}委员会`,
    kind: 'committee',
    divisionCode: `${d.province.code}0000`,
    establishedOn: '1949-12-01',
  });
  const city = add(province, { name: `共青团${d.city.name}委员会`, kind: 'committee', divisionCode: `${d.city.code}00`, establishedOn: '1950-05-04' });
  const anchors = new Map<string, Node>([
    ['province', province],
    ['city', city],
  ]);

  for (const uni of ['南华大学', '衡阳师范学院']) {
    const u = add(city, { name: `${uni}团委`, kind: 'committee', category: 'school_higher' });
    for (const college of ['文学院', '经济管理学院', '计算机学院', '外国语学院', '数学与统计学院', '化学与材料科学学院']) {
      const c = add(u, { name: `${college}团总支`, kind: 'general_branch', category: 'school_higher' });
      for (let k = 1; k <= 4; k++) add(c, { name: `${2022 + (k % 4)}级${k}班团支部`, kind: 'branch', category: 'school_higher' });
    }
  }
  const cityOrgans = add(city, { name: '衡阳市直机关团工委', kind: 'working_committee', category: 'government' });
  for (const agency of ['市教育局', '市卫健委', '市公安局', '市财政局', '市人社局', '市税务局'])
    add(cityOrgans, { name: `${agency}团支部`, kind: 'branch', category: 'government' });
  const steel = add(city, { name: '衡阳华菱钢管有限公司团委', kind: 'committee', category: 'enterprise_state' });
  for (const w of ['炼钢厂', '轧管厂', '设备部', '营销中心']) add(steel, { name: `${w}团支部`, kind: 'branch', category: 'enterprise_state' });

  for (const county of d.counties) {
    const short = county.name.replace(/^湖南/, '');
    const c = add(city, { name: `共青团衡阳市${short}委员会`, kind: 'committee', divisionCode: county.code });
    anchors.set(`county:${county.code}`, c);
    for (const town of county.towns) {
      const t = add(c, { ...townOrg(town.name), divisionCode: town.code });
      for (const [code = '', raw = ''] of town.villages) {
        const v = add(t, { ...villageOrg(raw), kind: 'branch', divisionCode: code });
        if (!anchors.has(`firstBranch:${county.code}`)) anchors.set(`firstBranch:${county.code}`, v);
      }
    }
    const place = short.replace(/(区|县|市)$/, '');
    for (const [i, s] of ['第一中学', '第二中学', '实验中学'].entries()) {
      if (i > 0 && county.towns.length < 8) break;
      const school = add(c, { name: `${place}${s}团委`, kind: 'committee', category: 'school_middle' });
      for (const grade of ['高一', '高二', '高三'])
        for (let k = 1; k <= 2; k++) add(school, { name: `${grade}（${k}）班团支部`, kind: 'branch', category: 'school_middle' });
    }
    if (county.towns.length >= 8) {
      const voc = add(c, { name: `${place}职业中专团委`, kind: 'committee', category: 'school_vocational' });
      for (const major of ['机电', '计算机', '护理']) add(voc, { name: `${major}专业团支部`, kind: 'branch', category: 'school_vocational' });
    }
    const organs = add(c, { name: `${place}直机关团工委`, kind: 'working_committee', category: 'government' });
    for (const agency of ['教育局', '卫健局', '公安局', '农业农村局']) add(organs, { name: `${place}${agency}团支部`, kind: 'branch', category: 'government' });
    for (let k = 0; k < 3; k++) {
      const company = faker.company.name().replace(/^.+?省/, `衡阳${place}`);
      add(c, { name: `${company}团支部`, kind: 'branch', category: 'enterprise_private' });
    }
    add(c, { name: `${place}青年志愿者协会团支部`, kind: 'branch', category: 'social' });
  }

  progress(0, nodes.length, 'orgs');
  for (let i = 0; i < nodes.length; i += 1000) {
    await db.insert(org).values(nodes.slice(i, i + 1000));
    progress(Math.min(i + 1000, nodes.length), nodes.length, 'orgs');
  }
  await db.execute(sql`select setval(pg_get_serial_sequence('org', 'id'), ${nextId})`);

  // Cadres: two for each committee, one secretary for each branch, with valid ID numbers.
  const people: (typeof person.$inferInsert)[] = [];
  const ethnicities = ['汉族', '汉族', '汉族', '汉族', '汉族', '瑶族', '土家族', '苗族'];
  const education = ['大学本科', '大学本科', '大学专科', '硕士研究生', '高中'];
  const political = ['中共党员', '中共党员', '共青团员', '中共预备党员', '群众'];
  for (const n of nodes) {
    const count = n.kind === 'branch' || n.kind === 'temp_branch' ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const gender = rand() < 0.5 ? 'M' : 'F';
      const birthDate = date(y(1986), y(2002));
      const division = n.divisionCode?.slice(0, 6).padEnd(6, '0') ?? '430400';
      const idNumber = makeIdNumber(division.length === 6 && division !== '430000' ? division : '430400', birthDate, Math.floor(rand() * 999), gender);
      const phone = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      people.push({
        id: uuidv7(),
        orgId: n.id,
        name: faker.person.lastName() + faker.person.firstName(gender === 'M' ? 'male' : 'female'),
        gender,
        birthDate,
        ethnicity: pick(ethnicities),
        education: pick(education),
        politicalStatus: pick(political),
        address: `${d.city.name}${faker.location.street()}${Math.floor(rand() * 200) + 1}号`,
        ...sensitiveColumns(pii, idNumber, phone),
      });
    }
  }
  for (let i = 0; i < people.length; i += 1000) {
    await db.insert(person).values(people.slice(i, i + 1000));
    progress(Math.min(i + 1000, people.length), people.length, 'people');
  }
  await seedDemoCadres(db, people);
  progress(0, 1, 'members');
  await seedDemoMembers(db, pii, rand);
  await seedDemoVolunteers(db, pii, rand);
  await seedDemoHours(db, rand);
  // Member and organizational life of this year, so the dashboard's figures are not zeros.
  const today = chinaToday();
  const secretaryBranch = anchors.get('firstBranch:430421')?.id ?? null;
  progress(0, 1, 'member life');
  await seedDemoMemberLife(db, today);
  await seedDemoMeetings(db, today, secretaryBranch);
  await seedDemoStudy(db, today, province.id);
  await seedDemoYouthVoice(db, pii, rand, today);
  const county = anchors.get('county:430421');
  await analyzeDemoTables(db);
  if (county) await seedDemoRatings(db, today, county.path, 20, secretaryBranch);

  for (const a of demoAccounts) {
    const anchor = anchors.get(a.org);
    if (!anchor) throw new Error(`no demo anchor ${a.org}`);
    const acc = await createAdmin(db, { username: a.username, displayName: a.displayName, password: demoPassword, orgId: anchor.id, role: a.role });
    void acc;
  }
  // Contact work after the accounts: the demo cadre account is linked to a cadre with a contact book.
  await seedDemoContactWork(db, pii, today);
  // 12355 after the accounts too: escalated cases name a supervising account.
  await seedDemoHotline(db, pii, rand, today);
  await audit(db, null, {
    action: 'demo.seeded',
    entity: 'org',
    entityId: province.id,
    orgId: province.id,
    after: { orgs: nodes.length, people: people.length },
  });
  const [{ n: grants } = { n: 0 }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from ${accessGrant}`)).rows;
  return { orgs: nodes.length, people: people.length, accounts: grants };
}

/**
 * Fresh statistics for the tables the demo fills in bulk. PGlite has no autovacuum: without them
 * the planner guesses nested loops, and a rate over 20 000 members takes minutes, not a second.
 */
async function analyzeDemoTables(db: Db): Promise<void> {
  await db.execute(sql`analyze org, member, dues_entry, dues_paid_year, branch_review, review_grade, member_registration,
    meeting, meeting_attendance, study_episode, study_participation`);
}
