// Excel downloads of the volunteering lists: the same filters and scope as the list routes,
// one sheet each, labels in the caller's language.
import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { chinaToday } from '../../platform/dates.ts';
import type { Lang, Messages } from '../../platform/errors.ts';
import { type Column, genderLabel, sendList, xlsxType } from '../../platform/excel/excel.ts';
import { actorOf } from '../../platform/http.ts';
import { findShift, listActivities } from './activities.service.ts';
import { listProjects, listStations, listTeams } from './groups.service.ts';
import { roster } from './signups.service.ts';
import { teamKinds } from './volunteer-groups.schema.ts';
import { teamKindLabels } from './volunteers.labels.ts';

const produces = [xlsxType];
const OrgFilter = { orgId: Type.Optional(Type.Integer({ minimum: 1 })), q: Type.Optional(Type.String({ maxLength: 50 })) };
/** The most rows one download carries; a list longer than that is narrowed with filters first. */
const maxRows = 20_000;

const col = (key: string, zh: string, en: string, width?: number): Column => ({ key, header: { 'zh-CN': zh, 'en-US': en }, width });
const label = (map: Record<string, Messages>, value: string, lang: Lang) => map[value]?.[lang] ?? value;
const stamp = () => chinaToday();

const groupStatus: Record<string, Messages> = {
  active: { 'zh-CN': '正常', 'en-US': 'Active' },
  dissolved: { 'zh-CN': '已解散', 'en-US': 'Dissolved' },
  closed: { 'zh-CN': '已结束', 'en-US': 'Closed' },
};
const activityStatus: Record<string, Messages> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  published: { 'zh-CN': '已发布', 'en-US': 'Published' },
  cancelled: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
  closed: { 'zh-CN': '已结束', 'en-US': 'Closed' },
};
const signupStatus: Record<string, Messages> = {
  pending: { 'zh-CN': '待审核', 'en-US': 'Pending' },
  confirmed: { 'zh-CN': '已确认', 'en-US': 'Confirmed' },
  waitlisted: { 'zh-CN': '候补', 'en-US': 'Waitlisted' },
  offered: { 'zh-CN': '候补待确认', 'en-US': 'Offered' },
  cancelled: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
  rejected: { 'zh-CN': '未通过', 'en-US': 'Rejected' },
  no_show: { 'zh-CN': '缺席', 'en-US': 'No-show' },
};
/** Shanghai wall-clock time, as the console shows it. */
const shanghai = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export async function volunteerExportRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const read = { access: { permission: 'volunteer.read' as const } };

  app.get(
    '/volunteer-teams/export',
    {
      config: read,
      schema: {
        summary: 'Export volunteer teams to Excel',
        produces,
        querystring: Type.Object({ ...OrgFilter, kind: Type.Optional(Type.Enum(teamKinds)), status: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const lang = request.lang;
      const rows = await listTeams(db, actorOf(request), request.query);
      return sendList(reply, lang, {
        sheet: { 'zh-CN': '志愿服务队伍', 'en-US': 'Teams' },
        fileName: `志愿服务队伍-${stamp()}.xlsx`,
        columns: [
          col('name', '队伍名称', 'Team', 28),
          col('kind', '类别', 'Kind', 18),
          col('orgName', '所属组织', 'Organization', 28),
          col('foundedOn', '成立日期', 'Founded', 12),
          col('members', '队员人数', 'Members', 10),
          col('leaders', '负责人', 'Leaders', 18),
          col('status', '状态', 'Status', 10),
        ],
        rows: rows.map((r) => ({
          name: r.t.name,
          kind: teamKindLabels[r.t.kind][lang],
          orgName: r.orgName,
          foundedOn: r.t.foundedOn,
          members: r.members,
          leaders: r.leaders ?? '',
          status: label(groupStatus, r.t.status, lang),
        })),
      });
    },
  );

  app.get(
    '/volunteer-stations/export',
    {
      config: read,
      schema: {
        summary: 'Export volunteer stations to Excel',
        produces,
        querystring: Type.Object({ ...OrgFilter, star: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })) }),
      },
    },
    async (request, reply) => {
      const lang = request.lang;
      const rows = await listStations(db, actorOf(request), request.query);
      return sendList(reply, lang, {
        sheet: { 'zh-CN': '志愿服务站', 'en-US': 'Stations' },
        fileName: `志愿服务站-${stamp()}.xlsx`,
        columns: [
          col('name', '站点名称', 'Station', 28),
          col('orgName', '所属组织', 'Organization', 28),
          col('address', '地址', 'Address', 32),
          col('star', '星级', 'Stars', 8),
          col('ratedOn', '评定日期', 'Rated on', 12),
          col('establishedOn', '建站日期', 'Established', 12),
          col('status', '状态', 'Status', 10),
        ],
        rows: rows.map((r) => ({
          name: r.s.name,
          orgName: r.orgName,
          address: r.s.address,
          star: r.s.star ?? '',
          ratedOn: r.s.ratedOn ?? '',
          establishedOn: r.s.establishedOn,
          status: label(groupStatus, r.s.status, lang),
        })),
      });
    },
  );

  app.get(
    '/volunteer-projects/export',
    {
      config: read,
      schema: {
        summary: 'Export volunteer projects to Excel',
        produces,
        querystring: Type.Object({ ...OrgFilter, theme: Type.Optional(Type.String({ maxLength: 50 })), status: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const lang = request.lang;
      const rows = await listProjects(db, actorOf(request), request.query);
      return sendList(reply, lang, {
        sheet: { 'zh-CN': '志愿服务项目', 'en-US': 'Projects' },
        fileName: `志愿服务项目-${stamp()}.xlsx`,
        columns: [
          col('name', '项目名称', 'Project', 28),
          col('theme', '主题', 'Theme', 14),
          col('orgName', '所属组织', 'Organization', 28),
          col('startOn', '开始日期', 'Starts', 12),
          col('endOn', '结束日期', 'Ends', 12),
          col('target', '招募目标', 'Target', 10),
          col('recruited', '已招募', 'Recruited', 10),
          col('progress', '完成率', 'Progress', 10),
          col('status', '状态', 'Status', 10),
        ],
        rows: rows.map((r) => ({
          name: r.p.name,
          theme: r.p.theme,
          orgName: r.orgName,
          startOn: r.p.startOn,
          endOn: r.p.endOn ?? '',
          target: r.p.target,
          recruited: r.recruited,
          progress: r.p.target > 0 ? `${((100 * r.recruited) / r.p.target).toFixed(1)}%` : '',
          status: label(groupStatus, r.p.status, lang),
        })),
      });
    },
  );

  app.get(
    '/volunteer-activities/export',
    {
      config: read,
      schema: {
        summary: 'Export volunteer activities to Excel',
        produces,
        querystring: Type.Object({
          ...OrgFilter,
          status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('cancelled'), Type.Literal('closed')])),
          projectId: Type.Optional(Type.String({ format: 'uuid' })),
          teamId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
      },
    },
    async (request, reply) => {
      const lang = request.lang;
      const rows = (await listActivities(db, actorOf(request), { ...request.query, after: null, limit: maxRows })).slice(0, maxRows);
      return sendList(reply, lang, {
        sheet: { 'zh-CN': '志愿服务活动', 'en-US': 'Activities' },
        fileName: `志愿服务活动-${stamp()}.xlsx`,
        columns: [
          col('title', '活动名称', 'Activity', 32),
          col('orgName', '发布组织', 'Organization', 28),
          col('place', '地点', 'Place', 24),
          col('firstStart', '最近班次开始', 'Next shift starts', 18),
          col('shiftCount', '班次数', 'Shifts', 8),
          col('requiresApproval', '需审核', 'Needs approval', 10),
          col('ages', '年龄要求', 'Ages', 10),
          col('status', '状态', 'Status', 10),
        ],
        rows: rows.map((r) => ({
          title: r.a.title,
          orgName: r.orgName,
          place: r.a.place ?? '',
          firstStart: shanghai(r.firstStart),
          shiftCount: r.shiftCount,
          requiresApproval: r.a.requiresApproval ? (lang === 'zh-CN' ? '是' : 'yes') : lang === 'zh-CN' ? '否' : 'no',
          ages: r.a.minAge || r.a.maxAge ? `${r.a.minAge ?? ''}–${r.a.maxAge ?? ''}` : '',
          status: label(activityStatus, r.a.status, lang),
        })),
      });
    },
  );

  app.get(
    '/volunteer-shifts/:id/roster/export',
    {
      config: { access: { permission: 'volunteer.read', entity: 'volunteerShift' } },
      schema: { summary: "Export a shift's roster to Excel", produces, params: Type.Object({ id: Type.String() }) },
    },
    async (request, reply) => {
      const lang = request.lang;
      const s = await findShift(db, request.params.id);
      if (!s) throw new Error('checked by the access hook');
      const rows = await roster(db, s.id);
      return sendList(reply, lang, {
        sheet: { 'zh-CN': '报名名单', 'en-US': 'Roster' },
        fileName: `报名名单-${shanghai(s.startsAt).slice(0, 10)}.xlsx`,
        columns: [
          col('number', '志愿者编号', 'Volunteer no.', 22),
          col('name', '姓名', 'Name', 12),
          col('gender', '性别', 'Gender', 6),
          col('birthDate', '出生日期', 'Born', 12),
          col('phone', '手机号', 'Phone', 14),
          col('status', '状态', 'Status', 12),
          col('position', '候补序号', 'Waitlist no.', 10),
          col('createdAt', '报名时间', 'Signed up', 18),
        ],
        rows: rows.map((r) => ({
          number: r.number,
          name: r.name,
          gender: genderLabel(r.gender, lang),
          birthDate: r.birthDate,
          phone: r.phone ?? '',
          status: label(signupStatus, r.su.status, lang),
          position: r.su.status === 'waitlisted' ? (r.su.position ?? '') : '',
          createdAt: shanghai(r.su.createdAt),
        })),
      });
    },
  );
}
