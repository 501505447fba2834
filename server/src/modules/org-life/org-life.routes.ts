import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../../platform/access/scope.ts';
import { chinaToday as today } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { actorOf, afterId, DateString, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import { buildWorkbook, sendList, xlsxType } from '../../platform/excel/excel.ts';
import { maxFileBytes } from './files.ts';
import { orgLifeErrors } from './org-life.errors.ts';
import { branchCompliance, listMeetings, meetingDetail, settingForScope } from './org-life.queries.ts';
import { complianceTargetSetting, frequenciesSetting, meetingKindLabels, rate } from './org-life.rules.ts';
import { meetingKinds, orglifeFile } from './org-life.schema.ts';
import { addMeetingFile, branchMembers, recordMeeting, voidMeeting, type MeetingRow } from './org-life.service.ts';

// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;
const Kind = Type.Enum(meetingKinds);
const Id = Type.Object({ id: Type.String() });
const FileOut = Type.Object({ id: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer() });
const MeetingOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  kind: Kind,
  kindLabel: Type.String(),
  heldOn: Type.String(),
  topic: Type.String(),
  minutes: Nullable(Type.String()),
  hours: Type.Number(),
  status: Type.String(),
  attendeeCount: Type.Optional(Type.Integer()),
  fileCount: Type.Optional(Type.Integer()),
  attendees: Type.Optional(Type.Array(Type.Object({ memberId: Type.String(), personId: Type.String(), name: Type.String() }))),
  files: Type.Optional(Type.Array(FileOut)),
});
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 413: Type.Ref('Problem'), 422: Type.Ref('Problem') };

function presentMeeting(m: MeetingRow, lang: 'zh-CN' | 'en-US') {
  return {
    id: m.id,
    orgId: m.orgId,
    kind: m.kind,
    kindLabel: meetingKindLabels[m.kind][lang],
    heldOn: m.heldOn,
    topic: m.topic,
    minutes: m.minutes,
    hours: m.hoursTenths / 10,
    status: m.status,
  };
}

/** One uploaded file from a multipart request, with the upload limit turned into 413. */
export async function uploadedFile(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  const file = await request.file({ limits: { fileSize: maxFileBytes } });
  if (!file) throw orgLifeErrors.invalid('file', { 'zh-CN': '请选择要上传的文件', 'en-US': 'choose a file to upload' });
  // over this route's limit toBuffer throws multipart's own error, which the kernel would tell as its 10 MB
  const data = await file.toBuffer().catch((err: { code?: string }) => {
    throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? errors.fileTooLarge('5 MB') : err;
  });
  if (file.file.truncated) throw errors.fileTooLarge('5 MB');
  return { fileName: file.filename, data };
}

export async function orgLifeRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/org-life/meta',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'Get meeting kinds and options',
        response: { 200: Type.Object({ kinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })) }), ...errorResponses },
      },
    },
    async (request) => ({ kinds: meetingKinds.map((value) => ({ value, label: meetingKindLabels[value][request.lang] })) }),
  );

  app.get(
    '/meetings',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List meetings',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          kind: Type.Optional(Kind),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
        }),
        response: { 200: Type.Object({ items: Type.Array(MeetingOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const rows = await listMeetings(db, { scope, kind: q.kind, from: q.from, to: q.to, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({ ...presentMeeting(r.m, request.lang), orgName: r.orgName, attendeeCount: r.attendees, fileCount: r.files })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.m.id),
      };
    },
  );

  app.get(
    '/meetings/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Export meetings to Excel',
        produces: [xlsxType],
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          kind: Type.Optional(Kind),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const rows = (await listMeetings(db, { scope, kind: q.kind, from: q.from, to: q.to, after: null, limit: 20_000 })).slice(0, 20_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '组织生活', 'en-US': 'Meetings' },
        fileName: `组织生活记录-${today()}.xlsx`,
        rows: rows.map((r) => ({ ...presentMeeting(r.m, request.lang), orgName: r.orgName, attendeeCount: r.attendees, fileCount: r.files })),
        columns: [
          { key: 'heldOn', header: { 'zh-CN': '日期', 'en-US': 'Date' }, width: 12 },
          { key: 'orgName', header: { 'zh-CN': '团组织', 'en-US': 'Organization' }, width: 28 },
          { key: 'kindLabel', header: { 'zh-CN': '类型', 'en-US': 'Kind' }, width: 12 },
          { key: 'topic', header: { 'zh-CN': '主题', 'en-US': 'Topic' }, width: 36 },
          { key: 'hours', header: { 'zh-CN': '学时', 'en-US': 'Hours' }, width: 8 },
          { key: 'attendeeCount', header: { 'zh-CN': '参加人数', 'en-US': 'Attendees' }, width: 10 },
          { key: 'fileCount', header: { 'zh-CN': '附件', 'en-US': 'Files' }, width: 8 },
        ],
      });
    },
  );

  app.post(
    '/meetings',
    {
      config: { access: { permission: 'orglife.write' } },
      schema: {
        summary: 'Record a meeting',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          kind: Kind,
          heldOn: Type.String({ maxLength: 10 }),
          topic: Type.String({ maxLength: 300 }),
          minutes: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
          hours: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
          attendeeIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 2000 }),
        }),
        response: { 201: MeetingOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentMeeting(await recordMeeting(db, actorOf(request), request.body, today()), request.lang)),
  );

  app.get(
    '/meetings/:id',
    {
      config: { access: { permission: 'member.read', entity: 'meeting' } },
      schema: { summary: 'Get a meeting', params: Id, response: { 200: MeetingOut, ...errorResponses } },
    },
    async (request) => {
      const d = await meetingDetail(db, request.params.id);
      if (!d) throw errors.notFound('meeting');
      return {
        ...presentMeeting(d.m, request.lang),
        orgName: d.orgName,
        attendees: d.attendees,
        files: d.files,
        attendeeCount: d.attendees.length,
        fileCount: d.files.length,
      };
    },
  );

  app.post(
    '/meetings/:id/void',
    {
      config: { access: { permission: 'orglife.write', entity: 'meeting' } },
      schema: {
        summary: 'Void a meeting record',
        params: Id,
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: MeetingOut, ...writes },
      },
    },
    async (request) => presentMeeting(await voidMeeting(db, actorOf(request), request.params.id, request.body.reason), request.lang),
  );

  app.post(
    '/meetings/:id/files',
    {
      config: { access: { permission: 'orglife.write', entity: 'meeting' } },
      schema: { summary: 'Attach a file to a meeting', params: Id, consumes: ['multipart/form-data'], response: { 201: FileOut, ...writes } },
    },
    async (request, reply) => reply.code(201).send(await addMeetingFile(db, actorOf(request), request.params.id, await uploadedFile(request))),
  );

  app.get(
    '/org-life/files/:id',
    {
      config: { access: { permission: 'member.read', entity: 'orglifeFile' } },
      schema: { summary: 'Download an org life file', params: Id, produces: ['application/octet-stream'] },
    },
    async (request, reply) => {
      const [f] = await db.select().from(orglifeFile).where(eq(orglifeFile.id, request.params.id));
      if (!f) throw errors.notFound('orglifeFile');
      // Served as a download with a fixed type, so a stored file can never run in the console's origin.
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(f.data);
    },
  );

  app.get(
    '/org-life/members',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: "List a branch's members for attendance",
        querystring: Type.Object({ orgId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), personId: Type.String(), name: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (!request.query.orgId) return { items: [] };
      await listScope(db, actorOf(request), 'member.read', request.query.orgId); // 404 for an org out of scope
      return { items: await branchMembers(db, request.query.orgId) };
    },
  );

  /** The compliance table of a subtree for a period: the page and its Excel export read the same. */
  async function complianceReport(request: FastifyRequest, q: { orgId?: number; from?: string; to?: string; belowTarget?: boolean }) {
    const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
    const now = today();
    const from = q.from ?? `${now.slice(0, 4)}-01-01`;
    const to = q.to ?? `${now.slice(0, 4)}-12-31`;
    if (from > to) throw orgLifeErrors.invalid('from', { 'zh-CN': '开始日期不能晚于结束日期', 'en-US': 'must not be after "to"' });
    const target = await settingForScope(db, scope, complianceTargetSetting);
    const frequencies = await settingForScope(db, scope, frequenciesSetting);
    const all = await branchCompliance(db, scope, { from, to }, now);
    const sum = (f: (b: (typeof all)[number]) => number) => all.reduce((s, b) => s + f(b), 0);
    const below = all.filter((b) => b.rate !== null && b.rate < target);
    const list = (q.belowTarget ? below : all).sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101) || a.orgId - b.orgId).slice(0, 1000);
    return {
      from,
      to,
      target,
      frequencies,
      summary: {
        held: sum((b) => b.held),
        due: sum((b) => b.due),
        rate: rate(
          sum((b) => b.held),
          sum((b) => b.due),
        ),
      },
      byKind: meetingKinds
        .map((k) => ({ kind: k, label: meetingKindLabels[k][request.lang], held: sum((b) => b.byKind[k].held), due: sum((b) => b.byKind[k].due) }))
        .filter((k) => k.due > 0 || k.held > 0)
        .map((k) => ({ ...k, rate: rate(k.held, k.due) })),
      branches: all.length,
      belowTarget: below.length,
      items: list.map((b) => ({ orgId: b.orgId, name: b.name, held: b.held, due: b.due, rate: b.rate, byKind: b.byKind })),
    };
  }

  app.get(
    '/org-life/compliance/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Export org life compliance to Excel',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          belowTarget: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request, reply) => {
      const r = await complianceReport(request, request.query);
      const kindCols = meetingKinds.filter((k) => r.items.some((i) => i.byKind[k].due > 0 || i.byKind[k].held > 0));
      const buf = await buildWorkbook(
        '组织生活落实情况',
        [
          { key: 'name', header: { 'zh-CN': '团支部', 'en-US': 'Branch' }, width: 36 },
          ...kindCols.map((k) => ({
            key: k,
            header: { 'zh-CN': `${meetingKindLabels[k]['zh-CN']}（已开/应开）`, 'en-US': `${meetingKindLabels[k]['en-US']} (held/due)` },
            width: 20,
          })),
          { key: 'held', header: { 'zh-CN': '已开', 'en-US': 'Held' }, width: 10 },
          { key: 'due', header: { 'zh-CN': '应开', 'en-US': 'Due' }, width: 10 },
          { key: 'rate', header: { 'zh-CN': '落实率（%）', 'en-US': 'Rate (%)' }, width: 12 },
        ],
        r.items.map((i) => ({
          name: i.name,
          held: i.held,
          due: i.due,
          rate: i.rate ?? '',
          ...Object.fromEntries(kindCols.map((k) => [k, `${i.byKind[k].held}/${i.byKind[k].due}`])),
        })),
        request.lang,
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`组织生活落实情况-${r.from}-${r.to}.xlsx`)}`)
        .send(buf);
    },
  );

  const Counts = Type.Object({ held: Type.Integer(), due: Type.Integer(), rate: Nullable(Type.Number()) });
  app.get(
    '/org-life/compliance',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Get org life compliance by branch',
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(DateStr),
          to: Type.Optional(DateStr),
          belowTarget: Type.Optional(Type.Boolean()),
        }),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            target: Type.Integer(),
            frequencies: Type.Record(Type.String(), Type.String()),
            summary: Counts,
            byKind: Type.Array(Type.Intersect([Counts, Type.Object({ kind: Type.String(), label: Type.String() })])),
            branches: Type.Integer(),
            belowTarget: Type.Integer(),
            items: Type.Array(
              Type.Intersect([
                Counts,
                Type.Object({
                  orgId: Type.Integer(),
                  name: Type.String(),
                  byKind: Type.Record(Type.String(), Type.Object({ held: Type.Integer(), due: Type.Integer() })),
                }),
              ]),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => complianceReport(request, request.query),
  );
}
