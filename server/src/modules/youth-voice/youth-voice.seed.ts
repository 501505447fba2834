import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { addDays } from '../../platform/dates.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { maskName, sensitiveWordsIn, sensitiveWordsSetting } from './youth-voice.rules.ts';
import { ageBands, type QuestionCategory, type QuestionStatus, type WishStatus, yvOutcome, yvQuestion, yvVisit, yvWish } from './youth-voice.schema.ts';

const questions: Record<QuestionCategory, [string, string, string][]> = {
  study: [
    [
      '高中助学金怎么申请',
      '家里经济困难，想了解国家助学金和雨露计划的申请条件。',
      '可向学校学生资助中心提交申请，需提供家庭经济困难认定材料；雨露计划由县乡村振兴部门受理。',
    ],
    ['中职学生可以升本科吗', '我在读中职，想知道以后还有没有机会读本科。', '可以通过职教高考、专升本等途径继续深造，建议提前了解湖南省职教高考政策。'],
  ],
  work: [
    ['返乡创业有哪些扶持政策', '大学毕业想回村里搞养殖，有没有贷款或补贴？', '可申请青年创业小额贷款和创业担保贷款，团县委可协助对接银行和创业导师。'],
    [
      '毕业找工作被要求交培训费',
      '面试的公司要我先交 3000 元培训费才能上岗，正常吗？',
      '用人单位收取培训费涉嫌违法，请警惕招聘诈骗，可拨打 12355 或向人社部门投诉。',
    ],
  ],
  psychology: [
    ['考试压力大睡不着', '临近中考，每天都很焦虑，晚上睡不着。', '适度焦虑是正常的，可以试试规律作息和放松训练；需要时可拨打 12355 青少年服务台心理热线。'],
    ['和父母关系紧张', '父母常年在外打工，回家就吵架，不知道怎么沟通。', '可以先写下想对父母说的话，选一个平静的时间交流；学校心理老师和 12355 也可以帮忙。'],
  ],
  law: [
    ['打工被拖欠工资怎么办', '暑假打工，老板一直拖着不给工资。', '保留考勤、聊天记录等证据，可向劳动监察部门投诉，也可申请法律援助。'],
    ['网上借贷逾期被催收骚扰', '同学借了网贷还不上，被催收电话骚扰。', '暴力催收属违法行为，可向公安机关报案；团组织可协助联系法律援助律师。'],
  ],
  rights: [['未成年人打工合法吗', '我 15 岁，可以去餐馆打工吗？', '不满 16 周岁一般不得招用，勤工俭学应在学校组织下进行，确保人身安全。']],
  league: [
    ['团组织关系怎么转接', '我去外地上大学了，团员关系怎么转？', '可在智慧团建系统发起转接申请，由转入学校团委审批。'],
    ['怎么参加青年大学习', '在哪里能找到每期的青年大学习？', '关注“湖南共青团”公众号，进入“青年大学习”栏目即可学习。'],
  ],
  other: [['社区有没有暑期托管', '父母上班，孩子暑假没人照看。', '团市委联合社区开展暑期“七彩假期”托管服务，可向所在街道团工委报名。']],
};
const wishes = [
  '一个新书包',
  '一套课外读物',
  '一双运动鞋',
  '一台学习用台灯',
  '一件冬季棉衣',
  '一套文具',
  '一个篮球',
  '一本新华字典',
  '一套绘画工具',
  '一副羽毛球拍',
  '一个保温杯',
  '一套英语点读书',
];
const situations = ['父母外出务工，与祖父母同住', '单亲家庭，母亲患病', '父亲残疾，家庭收入低', '低保家庭，兄妹三人上学', '孤儿，由亲戚抚养'];
const schools = ['中心小学', '完全小学', '中学', '九年一贯制学校'];
const surnames = '王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗'.split('');
const given = '小明晓华子涵欣怡浩然梓轩雨萱思远佳琪宇航诗琪'.split('');
const donors = ['爱心人士', '衡阳某银行团支部', '志愿者协会', '某企业团委', '大学生志愿者'];

const DAY = 86_400_000;

/**
 * Demo 青年之声 and 微心愿 for about a year in the city: questions asked at counties and
 * townships, most answered and published, some acted on; wishes through every stage
 * ("帮助困境青少年实现微心愿 1000 余个"); daily visits per county. Deterministic for a given `rand`.
 */
export async function seedDemoYouthVoice(db: Db, pii: Pii, rand: () => number, today: string, opts: { questions?: number; wishes?: number } = {}) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const now = Date.parse(`${today}T12:00:00+08:00`);
  const counties = (
    await db.execute<{ id: number; path: string; name: string }>(
      sql`select id, path::text as path, name from org where depth = 2 and kind = 'committee' and length(division_code) = 6 order by id`,
    )
  ).rows.map((r) => ({ ...r, id: Number(r.id) }));
  const towns = (
    await db.execute<{ id: number; path: string; name: string }>(
      sql`select id, path::text as path, name from org where depth = 3 and division_code is not null order by id`,
    )
  ).rows.map((r) => ({ ...r, id: Number(r.id) }));
  if (counties.length === 0) return { questions: 0, wishes: 0, visits: 0 };
  const townName = (path: string) => towns.find((t) => t.path === path)?.name.replace(/(团委|团工委)$/, '') ?? '';

  // Questions: a year of them, most answered within days, most answers published.
  const qRows: (typeof yvQuestion.$inferInsert)[] = [];
  const oRows: (typeof yvOutcome.$inferInsert)[] = [];
  const categories = Object.keys(questions) as QuestionCategory[];
  const nQuestions = opts.questions ?? 3200;
  for (let i = 0; i < nQuestions; i++) {
    const category = pick(categories);
    const [title, body, answer] = pick(questions[category]);
    const o = rand() < 0.6 ? pick(towns.length ? towns : counties) : pick(counties);
    const created = new Date(now - Math.floor(rand() * 365 * DAY) - Math.floor(rand() * 10 * 3600_000));
    const age = (now - created.getTime()) / DAY;
    const r = rand();
    let status: QuestionStatus = r < 0.04 ? 'rejected' : age < 3 && r < 0.5 ? 'received' : age < 7 && r < 0.6 ? 'routed' : r < 0.3 ? 'answered' : 'published';
    const answeredAt = status === 'answered' || status === 'published' ? new Date(Math.min(now, created.getTime() + (0.2 + rand() * 4) * DAY)) : null;
    const flags = answeredAt ? sensitiveWordsIn(answer, sensitiveWordsSetting.default) : [];
    // a flagged answer is published only after review; some still wait in the queue
    const reviewed = flags.length > 0 && (status === 'published' || rand() < 0.5);
    if (flags.length > 0 && !reviewed) status = 'answered';
    const anonymous = rand() < 0.7;
    const phone = rand() < 0.4 ? `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : null;
    const id = uuidv7();
    qRows.push({
      id,
      orgId: o.id,
      receivedOrgId: o.id,
      category,
      title,
      body,
      anonymous,
      askerName: anonymous ? null : `${pick(surnames)}同学`,
      askerPhone: phone ? pii.encrypt(phone) : null,
      askerPhoneMasked: phone ? maskPhone(phone) : null,
      status,
      expert: status !== 'received' && rand() < 0.3 ? `${pick(surnames)}老师` : null,
      routedAt: status !== 'received' && status !== 'rejected' ? new Date(created.getTime() + 3600_000) : null,
      answer: answeredAt ? answer : null,
      answerFlags: answeredAt ? flags : null,
      answeredAt,
      reviewedAt: reviewed && answeredAt ? new Date(answeredAt.getTime() + 3600_000) : null,
      publishedAt: status === 'published' && answeredAt ? new Date(Math.min(now, answeredAt.getTime() + (rand() * 2 + 0.1) * DAY)) : null,
      rejectReason: status === 'rejected' ? '内容与青年服务无关' : null,
      createdAt: created,
      updatedAt: answeredAt ?? created,
    });
    if (answeredAt && rand() < 0.12) {
      const kind = category === 'psychology' || category === 'law' ? 'case' : 'suggestion';
      oRows.push({
        id: uuidv7(),
        questionId: id,
        orgId: o.id,
        kind,
        refId: `${kind === 'case' ? 'CASE' : 'SUG'}-${created.getTime().toString(36).toUpperCase()}`,
        createdAt: new Date(answeredAt.getTime() + 3600_000),
      });
    }
  }

  // Wishes: collected through the year, ~1,000, most fulfilled.
  const wRows: (typeof yvWish.$inferInsert)[] = [];
  const nWishes = opts.wishes ?? 1150;
  for (let i = 0; i < nWishes; i++) {
    const o = towns.length ? pick(towns) : pick(counties);
    const created = now - Math.floor(rand() * 365 * DAY);
    const age = (now - created) / DAY;
    const r = rand();
    const stage: WishStatus =
      r < 0.03
        ? 'rejected'
        : age < 5
          ? pick(['submitted', 'approved', 'published'] as const)
          : age < 20
            ? pick(['published', 'claimed', 'delivered'] as const)
            : r < 0.1
              ? 'claimed'
              : r < 0.7
                ? 'followed_up'
                : 'delivered';
    const order: WishStatus[] = ['submitted', 'approved', 'published', 'claimed', 'delivered', 'followed_up'];
    const reached = (s: WishStatus) => stage !== 'rejected' && order.indexOf(stage) >= order.indexOf(s);
    const at = (d: number) => new Date(Math.min(now, created + d * DAY));
    const childName = `${pick(surnames)}${pick(given)}${pick(given)}`;
    const guardianPhone = `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const donorPhone = `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const claimedAt = reached('claimed') ? at(3 + rand() * 5) : null;
    const deliveredAt = reached('delivered') && claimedAt ? new Date(Math.min(now, claimedAt.getTime() + (2 + rand() * 10) * DAY)) : null;
    const deliveredOn = deliveredAt ? new Date(deliveredAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : null;
    wRows.push({
      id: uuidv7(),
      orgId: o.id,
      source: rand() < 0.6 ? 'console' : 'public',
      wish: pick(wishes),
      ageBand: pick(ageBands),
      area: townName(o.path) || o.name,
      sealed: pii.encrypt(JSON.stringify({ name: childName, school: `${townName(o.path)}${pick(schools)}`, situation: pick(situations), guardianPhone })),
      childNameMasked: maskName(childName),
      guardianPhoneMasked: maskPhone(guardianPhone),
      status: stage,
      reviewedAt: reached('approved') || stage === 'rejected' ? at(1) : null,
      reviewComment: stage === 'rejected' ? '信息不完整，请补充后重新提交' : null,
      publishedAt: reached('published') ? at(2) : null,
      donorKind: claimedAt ? (rand() < 0.7 ? 'person' : 'org') : null,
      donorName: claimedAt ? pick(donors) : null,
      donorPhone: claimedAt ? pii.encrypt(donorPhone) : null,
      donorPhoneMasked: claimedAt ? maskPhone(donorPhone) : null,
      donorPhoneHash: claimedAt ? pii.hash('phone', donorPhone) : null,
      claimedAt,
      deliveredAt,
      deliveredOn,
      receiverConfirmation: deliveredAt ? '监护人已签收' : null,
      followUp: stage === 'followed_up' ? '孩子很喜欢，学习更有劲头了' : null,
      followedUpOn: stage === 'followed_up' && deliveredOn ? (addDays(deliveredOn, 7) > today ? today : addDays(deliveredOn, 7)) : null,
      createdAt: new Date(created),
      updatedAt: new Date(created),
    });
  }

  // Visits per county and day (the platform counts them; "访问量 3045万次" a year for the city).
  const vRows: (typeof yvVisit.$inferInsert)[] = [];
  for (const c of counties) {
    const base = 3000 + Math.floor(rand() * 6000);
    for (let d = 1; d <= 365; d++) vRows.push({ id: uuidv7(), orgId: c.id, day: addDays(today, -d), visits: Math.floor(base * (0.6 + rand() * 0.8)) });
  }

  const insert = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await write(rows.slice(i, i + 1000));
  };
  await insert(qRows, (c) => db.insert(yvQuestion).values(c));
  await insert(oRows, (c) => db.insert(yvOutcome).values(c));
  await insert(wRows, (c) => db.insert(yvWish).values(c));
  await insert(vRows, (c) => db.insert(yvVisit).values(c));
  return { questions: qRows.length, wishes: wRows.length, visits: vRows.length };
}
