import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { diligence, rnd } from '../../platform/seed.ts';
import { studyEpisode } from './study.schema.ts';

const titles = [
  '青春心向党 奋进新征程',
  '学习贯彻党的二十届三中全会精神',
  '强国复兴有我',
  '弘扬五四精神 争做时代新人',
  '科技自立自强 青年勇挑重担',
  '乡村振兴 青春建功',
  '中国式现代化的青春担当',
];

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Demo 青年大学习: weekly issues published by the province for the last `weeks` weeks (Monday to
 * Sunday, the last one still open), and participation by members, set-based, at a rate that
 * follows each branch's diligence. Returns the number of issues.
 */
export async function seedDemoStudy(db: Db, today: string, ownerOrgId: number, weeks = 4): Promise<number> {
  const t = Date.parse(`${today}T00:00:00Z`);
  const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000;
  const year = Number(today.slice(0, 4));
  const episodes: (typeof studyEpisode.$inferInsert)[] = [];
  for (let k = weeks - 1; k >= 0; k--) {
    const start = monday - k * 7 * 86_400_000;
    const startsOn = iso(start);
    if (Number(startsOn.slice(0, 4)) !== year) continue;
    const week = Math.floor((start - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
    episodes.push({
      id: crypto.randomUUID(),
      ownerOrgId,
      number: `${year}年第${week}期`,
      title: titles[week % titles.length] ?? titles[0] ?? '',
      startsOn,
      endsOn: iso(start + 6 * 86_400_000),
    });
  }
  if (episodes.length === 0) return 0;
  await db.insert(studyEpisode).values(episodes);
  // Studied on a day of the issue's week up to today, in the evening, Beijing time.
  await db.execute(sql`
    insert into study_participation (id, episode_id, member_id, studied_at, source)
    select gen_random_uuid(), e.id, m.id,
      (least(e.starts_on + (abs(hashtext(m.id::text || e.id::text)) % 7), ${today}::date) + time '19:00'
        + (abs(hashtext(e.id::text || m.id::text)) % 180) * interval '1 minute') at time zone 'Asia/Shanghai',
      'import'
    from study_episode e join member m on m.status = 'active' and m.admitted_on <= e.starts_on
    where e.owner_org_id = ${ownerOrgId} and e.starts_on <= ${today}::date
      and ${rnd(sql`m.id::text || e.id::text`, 'study')} < ${diligence(sql`m.org_id`)} * (case when e.ends_on >= ${today}::date then 0.5 else 0.97 end)`);
  return episodes.length;
}
