// Excel exports of the hours ledger and the star list: the same queries (scope and filters) as the
// console's lists, all pages at once; identity numbers only masked, as on a certificate.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access/scope.ts';
import type { Lang } from '../../platform/errors.ts';
import { buildWorkbook, type Column } from '../../platform/excel/excel.ts';
import { listEntries } from './ledger.service.ts';
import { type RankingQuery, rankVolunteers } from './ranking.service.ts';
import { listStars } from './stars.service.ts';
import { presentEntry, presentStar } from './volunteer-hours.presenters.ts';
import type { HourSource, StarStatus } from './volunteer-hours.schema.ts';

/** One sheet stays well under Excel's row limit; a wider export should be narrowed by org. */
export const exportLimit = 100_000;

const volunteerColumns: Column[] = [
  { key: 'volunteerName', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
  { key: 'volunteerNumber', header: { 'zh-CN': '志愿者编号', 'en-US': 'Volunteer number' }, width: 22 },
  { key: 'idNumberMasked', header: { 'zh-CN': '身份证号（脱敏）', 'en-US': 'ID number (masked)' }, width: 22 },
];

export const entryColumns: Column[] = [
  ...volunteerColumns,
  { key: 'activityTitle', header: { 'zh-CN': '活动', 'en-US': 'Activity' }, width: 28 },
  { key: 'serviceDate', header: { 'zh-CN': '服务日期', 'en-US': 'Service date' }, width: 12 },
  { key: 'orgName', header: { 'zh-CN': '记录组织', 'en-US': 'Recorded by' }, width: 28 },
  { key: 'sourceLabel', header: { 'zh-CN': '来源', 'en-US': 'Source' }, width: 18 },
  { key: 'hours', header: { 'zh-CN': '时长（小时）', 'en-US': 'Hours' }, width: 10 },
  { key: 'note', header: { 'zh-CN': '备注', 'en-US': 'Note' }, width: 36 },
];

export const starColumns: Column[] = [
  ...volunteerColumns,
  { key: 'stars', header: { 'zh-CN': '星级', 'en-US': 'Stars' }, width: 10 },
  { key: 'thresholdHours', header: { 'zh-CN': '门槛（小时）', 'en-US': 'Threshold (hours)' }, width: 12 },
  { key: 'hoursAtProposal', header: { 'zh-CN': '提名时累计时长', 'en-US': 'Hours at proposal' }, width: 14 },
  { key: 'orgName', header: { 'zh-CN': '认定组织', 'en-US': 'Certifying org' }, width: 28 },
  { key: 'proposedOn', header: { 'zh-CN': '提名日期', 'en-US': 'Proposed on' }, width: 12 },
  { key: 'statusLabel', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 10 },
  { key: 'notice', header: { 'zh-CN': '公示期', 'en-US': 'Public notice' }, width: 24 },
  { key: 'decidedOn', header: { 'zh-CN': '认定日期', 'en-US': 'Decided on' }, width: 12 },
];

const reversal = { 'zh-CN': '冲正', 'en-US': 'Reversal' } as const;

export async function exportEntries(db: Db, actor: Actor, q: { orgId?: number; volunteerId?: string; source?: HourSource }, lang: Lang): Promise<Buffer> {
  const rows = (await listEntries(db, actor, { ...q, cursor: null, limit: exportLimit })).slice(0, exportLimit);
  return buildWorkbook(
    lang === 'zh-CN' ? '志愿服务时长' : 'Volunteer hours',
    entryColumns,
    rows.map((r) => {
      const e = presentEntry(r, lang);
      const note = e.flagLabel ?? (e.reversesId ? `${reversal[lang]}：${e.reason ?? ''}` : (e.reason ?? ''));
      return { ...e, activityTitle: e.activityTitle ?? '', idNumberMasked: r.idNumberMasked ?? '', note };
    }),
    lang,
  );
}

export async function exportStars(db: Db, actor: Actor, q: { orgId?: number; status?: StarStatus }, lang: Lang): Promise<Buffer> {
  const rows = (await listStars(db, actor, { ...q, cursor: null, limit: exportLimit })).slice(0, exportLimit);
  return buildWorkbook(
    lang === 'zh-CN' ? '星级志愿者' : 'Star volunteers',
    starColumns,
    rows.map((r) => {
      const a = presentStar(r, lang);
      return {
        ...a,
        idNumberMasked: r.idNumberMasked ?? '',
        notice: a.noticeFrom ? `${a.noticeFrom} ~ ${a.noticeUntil ?? ''}` : '',
        decidedOn: a.decidedOn ?? '',
      };
    }),
    lang,
  );
}

export const rankingColumns: Column[] = [
  { key: 'rank', header: { 'zh-CN': '名次', 'en-US': 'Rank' }, width: 8 },
  { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
  { key: 'number', header: { 'zh-CN': '志愿者编号', 'en-US': 'Volunteer number' }, width: 22 },
  { key: 'orgName', header: { 'zh-CN': '注册组织', 'en-US': 'Registered at' }, width: 28 },
  { key: 'hours', header: { 'zh-CN': '时长（小时）', 'en-US': 'Hours' }, width: 12 },
  { key: 'stars', header: { 'zh-CN': '星级', 'en-US': 'Stars' }, width: 10 },
];

/** The ranking as shown in the console (same query, same scope); the period goes in the file name. */
export async function exportRanking(db: Db, actor: Actor, q: RankingQuery, today: string, lang: Lang) {
  const r = await rankVolunteers(db, actor, q, today);
  const buf = await buildWorkbook(
    lang === 'zh-CN' ? '志愿者时长排行' : 'Volunteer ranking',
    rankingColumns,
    r.items.map((v) => ({ ...v, stars: '★'.repeat(v.starLevel) })),
    lang,
  );
  return { buf, from: r.from, to: r.to };
}
