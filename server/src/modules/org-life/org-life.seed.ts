import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { diligence, rnd } from '../../platform/seed.ts';
import { addMonths } from '../../platform/dates.ts';
import { getMetric } from '../../platform/metrics/registry.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { gradeOf, indicatorDefs, minRatingAgeMonths } from './rating.rules.ts';
import { dataIndicators } from './rating.service.ts';
import { branchRating, type IndicatorScore } from './org-life.schema.ts';

const topics = [
  '学习习近平新时代中国特色社会主义思想',
  '传达学习上级团委会议精神',
  '研究部署本季度团支部工作',
  '开展“青年大学习”交流讨论',
  '学习团章，重温入团誓词',
  '讨论团员发展和推优入党工作',
  '组织青年志愿服务活动总结',
];

/**
 * Demo meetings of this year (三会两制一课), set-based: committee meetings monthly, general
 * meetings and 团课 quarterly, each held or skipped by the branch's diligence, never before the
 * branch existed or after today; the last half year's 团课 attended by most members. `quietOrgId` (the demo
 * secretary's branch) gets nothing in the current quarter, so recording one there shows.
 */
export async function seedDemoMeetings(db: Db, today: string, quietOrgId: number | null): Promise<void> {
  const year = Number(today.slice(0, 4));
  const quarterStart = `${year}-${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  await db.execute(sql`
    insert into meeting (id, org_id, kind, held_on, topic, hours_tenths, status)
    select gen_random_uuid(), org_id, kind, held_on,
      (${sql.raw(`array[${topics.map((t) => `'${t}'`).join(',')}]`)})[1 + (abs(hashtext(org_id::text || held_on::text)) % ${topics.length})],
      case when kind = 'lesson' then 15 + 5 * (abs(hashtext(org_id::text || 'h')) % 2) else 0 end, 'recorded'
    from (
      select o.id as org_id, k.kind, (mon + (abs(hashtext(o.id::text || k.kind || mon::text)) % 25) * interval '1 day')::date as held_on,
        ${rnd(sql`o.id::text || k.kind || mon::text`, 'held')} as r, ${diligence(sql`o.id`)} as d, o.established_on
      from org o
        cross join generate_series(${`${year}-01-01`}::date, ${today}::date, interval '1 month') mon
        cross join (values ('committee_meeting', 1, 0), ('general_meeting', 3, 2), ('lesson', 3, 0), ('theme_day', 6, 4)) k(kind, every, at)
      where o.kind in ('branch', 'temp_branch') and o.status = 'active'
        and (extract(month from mon)::int - 1) % k.every = k.at
    ) x
    where r < d + 0.05 and held_on <= ${today}::date and (established_on is null or held_on >= established_on)
      and not (org_id = ${quietOrgId ?? 0} and held_on >= ${quarterStart}::date)`);
  await db.execute(sql`
    insert into meeting_attendance (meeting_id, member_id, person_id)
    select mt.id, m.id, m.person_id from meeting mt join member m on m.org_id = mt.org_id
    where mt.kind = 'lesson' and mt.held_on > ${today}::date - 183 and m.status = 'active' and m.admitted_on <= mt.held_on and ${rnd(sql`mt.id::text || m.id::text`, 'att')} < 0.85`);
}

/**
 * Demo ratings (对标定级) of this year for a county's branches, scored the way the service
 * scores them (data indicators from the seeded records, the rest declared): most approved
 * above, a few awaiting review. Run after the other demo data.
 */
export async function seedDemoRatings(db: Db, today: string, countyPath: string, limit: number, skipOrgId: number | null): Promise<number> {
  const year = Number(today.slice(0, 4));
  const res = await db.execute<{ id: number }>(sql`
    select o.id from org o where o.path <@ ${countyPath}::ltree and o.kind = 'branch' and o.status = 'active'
      and (o.established_on is null or o.established_on <= ${addMonths(today, -minRatingAgeMonths)}::date) and o.id <> ${skipOrgId ?? 0}
      and exists (select 1 from member m where m.org_id = o.id and m.status = 'active')
    order by o.id limit ${limit}`);
  if (!getMetric('members.count')) return 0;
  const rows: (typeof branchRating.$inferInsert)[] = [];
  for (const [i, { id }] of res.rows.entries()) {
    const branch = await findOrg(db, Number(id));
    if (!branch) continue;
    const { scores, noMeetings } = await dataIndicators(db, branch, year, today);
    const indicators: IndicatorScore[] = indicatorDefs.map((def) => {
      const d = scores.get(def.key);
      if (d) return { key: def.key, max: def.max, score: d.score, source: 'data', detail: d.detail };
      const score = Math.max(0, def.max - ((i * 7 + def.key.length) % 4));
      return { key: def.key, max: def.max, score, source: 'declared', evidence: '见支部工作台账及活动照片' };
    });
    const vetoes = noMeetings ? ['no_meetings'] : [];
    const total = indicators.reduce((s, x) => s + x.score, 0);
    const grade = gradeOf(total, vetoes.length > 0);
    const approved = i % 5 !== 4;
    rows.push({
      id: crypto.randomUUID(),
      orgId: branch.id,
      year,
      state: approved ? 'approved' : 'submitted',
      indicators,
      vetoes,
      selfScore: total,
      selfGrade: grade,
      finalScore: approved ? total : null,
      finalGrade: approved ? grade : null,
      reviewComment: approved ? '经审核，同意定级' : null,
      reviewedOn: approved ? today : null,
    });
  }
  if (rows.length) await db.insert(branchRating).values(rows);
  return rows.length;
}
