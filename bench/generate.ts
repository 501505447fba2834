// A synthetic province for benchmarks: province → 14 cities → counties → townships/streets →
// villages/communities (some with branches under them), plus schools, enterprises, agencies and
// universities, then ≥ 1,000,000 people spread over the orgs with valid ID numbers.
// Loads with COPY on a PostgreSQL server (pg-copy-streams) and with large unnest() INSERTs on
// the embedded database (COPY FROM STDIN does not pass through pglite-socket: "protocol
// synchronization was lost"). Secondary indexes are dropped for the load and rebuilt after.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../server/src/db/client.ts';
import { dropIndexes, rebuildIndexes } from './lib.ts';
import { createAccount } from '../server/src/modules/accounts/index.ts';
import type { OrgCategory, OrgKind } from '../server/src/platform/org-tree/org-tree.schema.ts';
import { makeIdNumber } from '../server/src/modules/people/index.ts';
import { sensitiveColumns } from '../server/src/modules/people/index.ts';
import type { Pii } from '../server/src/platform/pii.ts';

export type Progress = (done: number, total: number, stage: string) => void;

export type GenerateOptions = {
  pii: Pii;
  progress?: Progress;
  /** Target org count (the result is this or slightly more). Default 100,000. */
  orgs?: number;
  /** Exact people count. Default 1,000,000. */
  people?: number;
  /**
   * Encrypt every row's ID number and phone (AES-256-GCM, ~21 µs per row on the bench machine).
   * Default false: the first `cipherPool` people get their own ciphertexts and the rest reuse
   * them; keyed hashes and masks are always computed per row, so lookups by value work.
   */
  encryptAll?: boolean;
  cipherPool?: number;
};

export const benchPassword = 'benchpass1';

export type GenerateResult = {
  orgs: number;
  people: number;
  maxDepth: number;
  method: 'copy' | 'insert';
  accounts: { username: string; password: string; orgId: number; role: string }[];
  /** Sample orgs for the benchmarks. */
  anchors: { root: { id: number; path: string }; city: { id: number; path: string }; county: { id: number; path: string } };
  pii: { encryptAll: boolean; cipherPool: number; sensitiveColumnsUsPerRow: number; hashOnlyUsPerRow: number };
  timings: { orgsMs: number; peopleMs: number; indexesMs: number; analyzeMs: number; accountsMs: number; totalMs: number };
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
  /** 6-digit division used for the ID numbers of the people kept here. */
  idDivision: string;
};

/** A seeded random source, so every run builds the same province. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const syllables = [...'安宝昌成大丰福高光和华建江金锦康乐隆明宁平青清仁荣瑞山胜石双顺泰桃天田新兴阳永玉元云长正中竹松柏梅兰溪湖桥河林'];
const n2 = syllables.length * syllables.length;
/** Two-character names, distinct for k < n² (k → k·37 + salt mod n² is a bijection). */
function place(k: number, salt = 0): string {
  const j = (((k * 37 + salt) % n2) + n2) % n2;
  return `${syllables[j % syllables.length]}${syllables[Math.floor(j / syllables.length)]}`;
}

const cities: [string, string][] = [
  ['01', '长沙市'],
  ['02', '株洲市'],
  ['03', '湘潭市'],
  ['04', '衡阳市'],
  ['05', '邵阳市'],
  ['06', '岳阳市'],
  ['07', '常德市'],
  ['08', '张家界市'],
  ['09', '益阳市'],
  ['10', '郴州市'],
  ['11', '永州市'],
  ['12', '怀化市'],
  ['13', '娄底市'],
  ['31', '湘西土家族苗族自治州'],
];

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const given = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫鹏宇浩然子轩欣怡思雨佳琪梓涵一诺博文俊杰雅婷晨阳嘉欣语桐志远海燕春晓雪峰'];
const ethnicities = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '土家族', '苗族', '侗族', '瑶族', '白族'];
const educations = ['初中', '高中', '中等职业教育', '大学专科', '大学本科', '大学本科', '硕士研究生'];
const politicals = ['共青团员', '共青团员', '共青团员', '共青团员', '中共党员', '中共预备党员', '群众'];

function buildTree(target: number, rand: () => number): { nodes: Node[]; anchors: GenerateResult['anchors'] } {
  const nodes: Node[] = [];
  const date = (fromYear: number, toYear: number) => {
    const from = Date.UTC(fromYear, 0, 1);
    const to = Date.UTC(toYear, 11, 31);
    return new Date(from + rand() * (to - from)).toISOString().slice(0, 10);
  };
  const add = (
    parent: Node | null,
    o: { name: string; kind: OrgKind; category?: OrgCategory | null; divisionCode?: string | null; establishedOn?: string; idDivision?: string },
  ): Node => {
    const id = nodes.length + 1;
    const n: Node = {
      id,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path}.${id}` : String(id),
      depth: parent ? parent.depth + 1 : 0,
      rootId: parent?.rootId ?? id,
      name: o.name,
      kind: o.kind,
      category: o.category ?? null,
      divisionCode: o.divisionCode ?? null,
      establishedOn: o.establishedOn ?? date(1985, 2025),
      sortKey: o.divisionCode ?? `~${String(id).padStart(8, '0')}`,
      idDivision: o.idDivision ?? parent?.idDivision ?? '430102',
    };
    nodes.push(n);
    return n;
  };
  const withBranches = (parent: Node, count: number, name: (k: number) => string, category: OrgCategory) => {
    for (let k = 1; k <= count; k++) add(parent, { name: name(k), kind: 'branch', category });
  };

  // Province level.
  const root = add(null, { name: '共青团湖南省委员会', kind: 'committee', divisionCode: '430000', establishedOn: '1949-12-01', idDivision: '430102' });
  const organs = add(root, { name: '湖南省直机关团工委', kind: 'working_committee', category: 'government' });
  withBranches(
    organs,
    10,
    (k) => `省${['教育厅', '卫健委', '公安厅', '财政厅', '人社厅', '交通厅', '农业农村厅', '水利厅', '商务厅', '文旅厅'][k - 1]}团支部`,
    'government',
  );
  const universities = Math.max(1, Math.min(12, Math.round(target / 10_000)));
  const colleges = ['文学院', '经济管理学院', '计算机学院', '外国语学院', '数学学院', '化学学院'];
  for (let u = 0; u < universities; u++) {
    const uni = add(root, { name: `湖南${place(u, 7)}大学团委`, kind: 'committee', category: 'school_higher' });
    for (const college of colleges) {
      const c = add(uni, { name: `${college}团总支`, kind: 'general_branch', category: 'school_higher' });
      withBranches(c, 4, (k) => `${2021 + k}级${k}班团支部`, 'school_higher');
    }
  }
  for (let e = 0; e < 3; e++) {
    const ent = add(root, { name: `湖南${place(e, 11)}集团有限公司团委`, kind: 'committee', category: 'enterprise_state' });
    withBranches(ent, 3, (k) => `第${k}分公司团支部`, 'enterprise_state');
  }

  // Cities, each with its own organs and a state enterprise.
  const countiesPerCity = Math.max(1, Math.min(12, Math.round(target / cities.length / 800)));
  const cityNodes: Node[] = [];
  for (const [cc, cityName] of cities) {
    const city = add(root, { name: `共青团${cityName}委员会`, kind: 'committee', divisionCode: `43${cc}00`, idDivision: `43${cc}02` });
    cityNodes.push(city);
    const cityOrgans = add(city, { name: `${cityName}直机关团工委`, kind: 'working_committee', category: 'government' });
    withBranches(cityOrgans, 6, (k) => `${cityName}${['教育局', '卫健委', '公安局', '财政局', '人社局', '税务局'][k - 1]}团支部`, 'government');
    const ent = add(city, { name: `${cityName}${place(Number(cc), 3)}实业有限公司团委`, kind: 'committee', category: 'enterprise_state' });
    withBranches(ent, 3, (k) => `第${k}车间团支部`, 'enterprise_state');
  }

  // Counties: a fixed set of schools, agencies and enterprises, then townships and villages
  // until the county's share of the target is reached.
  const countyCount = cities.length * countiesPerCity;
  const budget = Math.ceil(Math.max(0, target - nodes.length) / countyCount);
  const countyNodes: Node[] = [];
  for (const city of cityNodes) {
    const cc = city.divisionCode?.slice(2, 4) ?? '00';
    const cityName = city.name.replace(/^共青团|委员会$/g, '');
    for (let k = 0; k < countiesPerCity; k++) {
      const code = `43${cc}${String(k + 2).padStart(2, '0')}`;
      const countyName = `${place(k, Number(cc) * 13)}${k % 3 === 0 ? '区' : '县'}`;
      const start = nodes.length;
      const county = add(city, { name: `共青团${cityName}${countyName}委员会`, kind: 'committee', divisionCode: code, idDivision: code });
      countyNodes.push(county);
      const cOrgans = add(county, { name: `${countyName}直机关团工委`, kind: 'working_committee', category: 'government' });
      withBranches(cOrgans, 6, (j) => `${countyName}${['教育局', '卫健局', '公安局', '农业农村局', '民政局', '交通局'][j - 1]}团支部`, 'government');
      for (const ord of ['第一', '第二', '第三']) {
        const school = add(county, { name: `${countyName}${ord}中学团委`, kind: 'committee', category: 'school_middle' });
        for (const grade of ['高一', '高二', '高三']) {
          const g = add(school, { name: `${grade}年级团总支`, kind: 'general_branch', category: 'school_middle' });
          withBranches(g, 4, (j) => `${grade}（${j}）班团支部`, 'school_middle');
        }
      }
      const voc = add(county, { name: `${countyName}职业中专团委`, kind: 'committee', category: 'school_vocational' });
      withBranches(voc, 4, (j) => `${['机电', '计算机', '护理', '电商'][j - 1]}专业团支部`, 'school_vocational');
      for (let e = 0; e < 2; e++) {
        const ent = add(county, { name: `${countyName}${place(e + k, 5)}有限公司团委`, kind: 'committee', category: 'enterprise_state' });
        withBranches(ent, 3, (j) => `第${j}生产部团支部`, 'enterprise_state');
      }
      withBranches(county, 3, (j) => `${countyName}${place(j, 17)}科技有限公司团支部`, 'enterprise_private');
      add(county, { name: `${countyName}青年志愿者协会团支部`, kind: 'branch', category: 'social' });

      const rest = budget - (nodes.length - start);
      const townCount = Math.max(2, Math.min(40, Math.round(rest / 30)));
      const towns: { node: Node; street: boolean; villages: number }[] = [];
      for (let t = 0; t < townCount; t++) {
        const street = t % 4 === 0;
        const tName = `${place(t, Number(code) % 997)}${street ? '街道' : t % 3 === 0 ? '乡' : '镇'}`;
        const tCode = `${code}${String(t + 1).padStart(3, '0')}`;
        const node = street
          ? add(county, { name: `${tName}团工委`, kind: 'working_committee', category: 'street', divisionCode: tCode })
          : add(county, { name: `${tName}团委`, kind: 'committee', category: 'township', divisionCode: tCode });
        towns.push({ node, street, villages: 0 });
      }
      for (let i = 0; nodes.length - start < budget; i++) {
        const town = towns[i % towns.length];
        if (!town) break;
        const v = town.villages++;
        const vCode = `${town.node.divisionCode}${String(v + 1).padStart(3, '0')}`;
        const vName = `${place(v, town.node.id)}${town.street ? '社区' : '村'}`;
        const category: OrgCategory = town.street ? 'community' : 'village';
        if (rand() < 0.15) {
          // A large village or community: a general branch with branches under it.
          const g = add(town.node, { name: `${vName}团总支`, kind: 'general_branch', category, divisionCode: vCode });
          withBranches(g, 2 + Math.floor(rand() * 3), (j) => `${vName}第${j}团支部`, category);
        } else {
          add(town.node, { name: `${vName}团支部`, kind: 'branch', category, divisionCode: vCode });
        }
      }
    }
  }
  const city = cityNodes[3] ?? cityNodes[0];
  const county = countyNodes.find((c) => c.parentId === city?.id) ?? countyNodes[0];
  if (!city || !county) throw new Error('the tree has no city or county');
  return { nodes, anchors: { root: { id: root.id, path: root.path }, city: { id: city.id, path: city.path }, county: { id: county.id, path: county.path } } };
}

const orgColumns = ['id', 'parent_id', 'path', 'depth', 'root_id', 'name', 'kind', 'category', 'division_code', 'established_on', 'sort_key'] as const;
const orgTypes = ['int8', 'int8', 'ltree', 'int4', 'int8', 'text', 'text', 'text', 'text', 'date', 'text'];
const personColumns = [
  'id',
  'org_id',
  'name',
  'gender',
  'birth_date',
  'ethnicity',
  'education',
  'political_status',
  'id_number_enc',
  'id_number_hash',
  'id_number_masked',
  'phone_enc',
  'phone_hash',
  'phone_masked',
  'address',
] as const;
const personTypes = ['uuid', 'int8', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

type Cell = string | number | null;

function copyLine(row: Cell[]): string {
  return `${row.map((v) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')))).join('\t')}\n`;
}

/** Streams rows into a table: COPY on a server, batched unnest() INSERTs on the embedded DB. */
async function load(d: Database, table: string, columns: readonly string[], types: string[], rows: Iterable<Cell[]>, method: 'copy' | 'insert'): Promise<void> {
  if (method === 'copy') {
    const client = await d.pool.connect();
    try {
      function* chunks(): Generator<string> {
        let buf: string[] = [];
        for (const r of rows) {
          buf.push(copyLine(r));
          if (buf.length === 2000) {
            yield buf.join('');
            buf = [];
          }
        }
        if (buf.length) yield buf.join('');
      }
      await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
    } finally {
      client.release();
    }
    return;
  }
  const text = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  const batch = 20_000;
  let cols: Cell[][] = columns.map(() => []);
  let n = 0;
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) cols[i]?.push(r[i] ?? null);
    if (++n === batch) {
      await d.pool.query(text, cols);
      cols = columns.map(() => []);
      n = 0;
    }
  }
  if (n > 0) await d.pool.query(text, cols);
}

function ms(t0: number): number {
  return Math.round(performance.now() - t0);
}

export async function generateProvince(d: Database, opts: GenerateOptions): Promise<GenerateResult> {
  const progress = opts.progress ?? (() => {});
  const targetOrgs = opts.orgs ?? 100_000;
  const peopleCount = opts.people ?? 1_000_000;
  const cipherPool = Math.max(1, opts.cipherPool ?? 10_000);
  const encryptAll = opts.encryptAll ?? false;
  const method = d.embedded ? 'insert' : 'copy';
  const tStart = performance.now();

  const tables = await d.pool.query<{ t: string | null }>(`select to_regclass('public.org')::text as t union all select to_regclass('public.person')::text`);
  if (tables.rows.some((r) => r.t === null)) throw new Error('generateProvince: the database is not migrated (no org/person table); run migrations first');
  const counts = await d.pool.query<{ orgs: number; people: number; accounts: number }>(
    'select (select count(*) from org)::int as orgs, (select count(*) from person)::int as people, (select count(*) from account)::int as accounts',
  );
  const c = counts.rows[0];
  if (!c || c.orgs > 0 || c.people > 0 || c.accounts > 0) {
    throw new Error(`generateProvince needs an empty migrated database; this one has ${c?.orgs} orgs, ${c?.people} people, ${c?.accounts} accounts`);
  }

  const rand = seeded(43);
  const { nodes, anchors } = buildTree(targetOrgs, rand);
  const orgIndexes = await dropIndexes(d, 'org');
  const personIndexes = await dropIndexes(d, 'person');

  // Orgs.
  let t0 = performance.now();
  progress(0, nodes.length, 'orgs');
  function* orgRows(): Generator<Cell[]> {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as Node;
      yield [n.id, n.parentId, n.path, n.depth, n.rootId, n.name, n.kind, n.category, n.divisionCode, n.establishedOn, n.sortKey];
      if ((i + 1) % 10_000 === 0) progress(i + 1, nodes.length, 'orgs');
    }
  }
  await load(d, 'org', orgColumns, orgTypes, orgRows(), method);
  await d.pool.query(`select setval(pg_get_serial_sequence('org', 'id'), (select max(id) from org))`);
  progress(nodes.length, nodes.length, 'orgs');
  const orgsMs = ms(t0);

  // How many people each org keeps: branches hold the members, committees their cadres.
  const weight: Record<OrgKind, number> = { branch: 14, temp_branch: 6, general_branch: 3, committee: 4, working_committee: 3 };
  const totalWeight = nodes.reduce((s, n) => s + weight[n.kind], 0);
  const perOrg = nodes.map((n) => Math.floor((peopleCount * weight[n.kind]) / totalWeight));
  let missing = peopleCount - perOrg.reduce((s, x) => s + x, 0);
  for (let i = 0; missing > 0; i = (i + 1) % perOrg.length, missing--) perOrg[i] = (perOrg[i] ?? 0) + 1;

  // Personal data: time the real per-row cost, then build the ciphertext pool.
  const sample = 2_000;
  let tp = performance.now();
  for (let i = 0; i < sample; i++) sensitiveColumns(opts.pii, '430102199001011234', '13812345678');
  const sensitiveColumnsUsPerRow = ((performance.now() - tp) * 1000) / sample;
  tp = performance.now();
  for (let i = 0; i < sample; i++) {
    opts.pii.hash('id', '430102199001011234');
    opts.pii.hash('phone', '13812345678');
  }
  const hashOnlyUsPerRow = ((performance.now() - tp) * 1000) / sample;
  const pool: [string, string][] = [];

  // People: ID numbers unique per (division, birth day, sequence).
  t0 = performance.now();
  const nDays = 7_300; // 1991-01-01 … 2010-12-27: league age and young cadres
  const dayZero = Date.UTC(1991, 0, 1);
  const perDivision = new Map<string, number>();
  progress(0, peopleCount, 'people');
  function* personRows(): Generator<Cell[]> {
    let i = 0;
    for (let o = 0; o < nodes.length; o++) {
      const n = nodes[o] as Node;
      const cityName = cities.find(([cc]) => n.idDivision.slice(2, 4) === cc)?.[1] ?? '长沙市';
      for (let k = 0; k < (perOrg[o] ?? 0); k++, i++) {
        const seq = perDivision.get(n.idDivision) ?? 0;
        perDivision.set(n.idDivision, seq + 1);
        const gender = rand() < 0.5 ? 'M' : 'F';
        const day = (seq * 7919) % nDays;
        const birthDate = new Date(dayZero + day * 86_400_000).toISOString().slice(0, 10);
        const idNumber = makeIdNumber(n.idDivision, birthDate, Math.floor(seq / nDays) * 2 + (gender === 'M' ? 1 : 0), gender);
        const phone = `1${'35789'[i % 5]}${String((i * 7919 + 12_345_678) % 1e9).padStart(9, '0')}`;
        let s: ReturnType<typeof sensitiveColumns>;
        if (encryptAll || i < cipherPool) {
          s = sensitiveColumns(opts.pii, idNumber, phone);
          if (!encryptAll) pool.push([s.idNumberEnc ?? '', s.phoneEnc ?? '']);
        } else {
          const [idEnc, phoneEnc] = pool[i % pool.length] ?? ['', ''];
          s = { ...sensitiveColumns({ ...opts.pii, encrypt: () => '' }, idNumber, phone), idNumberEnc: idEnc, phoneEnc };
        }
        const name = `${surnames[Math.floor(rand() * surnames.length)]}${given[Math.floor(rand() * given.length)]}${rand() < 0.6 ? given[Math.floor(rand() * given.length)] : ''}`;
        yield [
          uuidv7(),
          n.id,
          name,
          gender,
          birthDate,
          ethnicities[Math.floor(rand() * ethnicities.length)] ?? null,
          educations[Math.floor(rand() * educations.length)] ?? null,
          politicals[Math.floor(rand() * politicals.length)] ?? null,
          s.idNumberEnc,
          s.idNumberHash,
          s.idNumberMasked,
          s.phoneEnc,
          s.phoneHash,
          s.phoneMasked,
          `${cityName}${place(i % n2, 29)}路${(i % 300) + 1}号`,
        ];
        if ((i + 1) % 50_000 === 0) progress(i + 1, peopleCount, 'people');
      }
    }
  }
  await load(d, 'person', personColumns, personTypes, personRows(), method);
  progress(peopleCount, peopleCount, 'people');
  const peopleMs = ms(t0);

  // Indexes back (the unique sibling-name index also checks the generated names), then statistics.
  t0 = performance.now();
  await rebuildIndexes(d, [...orgIndexes, ...personIndexes], progress, 'indexes');
  const indexesMs = ms(t0);
  t0 = performance.now();
  await d.pool.query('analyze org');
  await d.pool.query('analyze person');
  const analyzeMs = ms(t0);

  // Accounts for the API benchmark.
  t0 = performance.now();
  const accounts = [
    { username: 'bench_admin', displayName: '压测省级管理员', orgId: anchors.root.id },
    { username: 'bench_city', displayName: '压测市级管理员', orgId: anchors.city.id },
    { username: 'bench_county', displayName: '压测县级管理员', orgId: anchors.county.id },
  ];
  progress(0, accounts.length, 'accounts');
  for (const [i, a] of accounts.entries()) {
    await createAccount(d.db, null, { ...a, password: benchPassword, role: 'committee_admin', grantOrgId: a.orgId, mustChangePassword: false });
    progress(i + 1, accounts.length, 'accounts');
  }
  const accountsMs = ms(t0);

  return {
    orgs: nodes.length,
    people: peopleCount,
    maxDepth: nodes.reduce((m, n) => Math.max(m, n.depth), 0),
    method,
    accounts: accounts.map((a) => ({ username: a.username, password: benchPassword, orgId: a.orgId, role: 'committee_admin' })),
    anchors,
    pii: { encryptAll, cipherPool: encryptAll ? 0 : cipherPool, sensitiveColumnsUsPerRow, hashOnlyUsPerRow },
    timings: { orgsMs, peopleMs, indexesMs, analyzeMs, accountsMs, totalMs: ms(tStart) },
  };
}
