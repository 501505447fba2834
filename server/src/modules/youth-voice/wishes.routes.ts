import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { errors } from '../../platform/errors.ts';
import { sendList, xlsxType } from '../../platform/excel/excel.ts';
import { actorOf, DateString, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { WishBody } from './questions.routes.ts';
import {
  addProof,
  claimWish,
  createWish,
  deliverWish,
  findWish,
  followUpWish,
  listWishes,
  maxProofBytes,
  proofsOf,
  publishWish,
  reviewWish,
  sealedView,
  wishConds,
} from './wishes.service.ts';
import { youthVoiceErrors as E } from './youth-voice.errors.ts';
import { FileOut, nextTimeIdCursor, presentWish, timeIdCursor, WishOut } from './youth-voice.presenters.ts';
import { ageBands, donorKinds, wishStatuses, yvFile } from './youth-voice.schema.ts';

const Id = Type.Object({ id: Type.String() });
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 413: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Filter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(wishStatuses)),
  ageBand: Type.Optional(Type.Enum(ageBands)),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
};
const Moved = Type.Object({ status: Type.Enum(wishStatuses) });

// No sealed data in the download: the child's name and the guardian's phone stay out, even masked.
const exportColumns = [
  { key: 'createdAt', header: { 'zh-CN': '登记时间', 'en-US': 'Recorded at' }, width: 18 },
  { key: 'wish', header: { 'zh-CN': '心愿', 'en-US': 'Wish' }, width: 30 },
  { key: 'ageBandLabel', header: { 'zh-CN': '年龄段', 'en-US': 'Age band' }, width: 16 },
  { key: 'area', header: { 'zh-CN': '地区', 'en-US': 'Area' }, width: 16 },
  { key: 'orgName', header: { 'zh-CN': '组织', 'en-US': 'Org' }, width: 28 },
  { key: 'statusLabel', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 10 },
  { key: 'donorName', header: { 'zh-CN': '认领人', 'en-US': 'Donor' }, width: 16 },
  { key: 'deliveredOn', header: { 'zh-CN': '送达日期', 'en-US': 'Delivered on' }, width: 12 },
  { key: 'followedUpOn', header: { 'zh-CN': '回访日期', 'en-US': 'Followed up on' }, width: 12 },
];

/** One photo from a multipart request, streamed with this route's limit (413 past it). */
async function uploadedPhoto(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  const file = await request.file({ limits: { fileSize: maxProofBytes } });
  if (!file) throw E.invalid('file', { 'zh-CN': '请选择要上传的照片', 'en-US': 'choose a photo to upload' });
  const data = await file.toBuffer().catch((err: { code?: string }) => {
    throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? errors.fileTooLarge('5 MB') : err;
  });
  if (file.file.truncated) throw errors.fileTooLarge('5 MB');
  return { fileName: file.filename, data };
}

export const wishesRoutes: ModuleRoutes = async (fastify, { db, pii }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const detail = async (request: FastifyRequest, id: string) => {
    const w = await findWish(db, id);
    if (!w) throw errors.notFound('yvWish');
    return { ...presentWish(w, w.orgName, w.path, actorOf(request), request.lang), proofs: await proofsOf(db, id) };
  };

  app.get(
    '/youth-voice/wishes',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List micro-wishes',
        querystring: Type.Object({ ...PageQuery, ...Filter }),
        response: { 200: Type.Object({ items: Type.Array(WishOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const actor = actorOf(request);
      const rows = await listWishes(db, await wishConds(db, actor, q), { after: timeIdCursor(q.cursor), limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => presentWish(r.w, r.orgName, r.path, actor, request.lang)),
        nextCursor: nextTimeIdCursor(rows.length > limit, last && { key: last.key, id: last.w.id }),
      };
    },
  );

  app.get(
    '/youth-voice/wishes/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export micro-wishes to Excel', querystring: Type.Object(Filter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const rows = await listWishes(db, await wishConds(db, actor, request.query), { after: null, limit: 50_000 });
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '微心愿', 'en-US': 'Micro-wishes' },
        fileName: '微心愿.xlsx',
        columns: exportColumns,
        rows: rows.map((r) => {
          const p = presentWish(r.w, r.orgName, r.path, actor, request.lang);
          return { ...p, createdAt: new Date(Date.parse(p.createdAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') };
        }),
      });
    },
  );

  app.post(
    '/youth-voice/wishes',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Record a micro-wish',
        body: Type.Intersect([Type.Object({ orgId: Type.Integer({ minimum: 1 }) }), WishBody]),
        response: { 201: WishOut, ...writes },
      },
    },
    async (request, reply) => {
      const id = await createWish(db, pii, actorOf(request), request.body);
      return reply.code(201).send(await detail(request, id));
    },
  );

  app.get(
    '/youth-voice/wishes/:id',
    {
      config: { access: { permission: 'service.read', entity: 'yvWish' } },
      schema: { summary: 'Get a micro-wish', params: Id, response: { 200: WishOut, ...errorResponses } },
    },
    async (request) => detail(request, request.params.id),
  );

  app.get(
    '/youth-voice/wishes/:id/sealed',
    {
      config: { access: { permission: 'service.read', entity: 'yvWish' } },
      schema: {
        summary: "Read a wish's sealed child data",
        description: 'For a supervisor of the subtree or the recorder of the wish; every view is audited.',
        params: Id,
        response: {
          200: Type.Object({
            name: Type.String(),
            school: Type.String(),
            situation: Type.String(),
            guardianPhone: Type.String(),
            donorPhone: Nullable(Type.String()),
            submitterPhone: Nullable(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => sealedView(db, pii, actorOf(request), request.params.id),
  );

  app.post(
    '/youth-voice/wishes/:id/review',
    {
      config: { access: { permission: 'service.write', entity: 'yvWish' } },
      schema: {
        summary: 'Review a micro-wish',
        params: Id,
        body: Type.Object({
          decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 200: Moved, ...writes },
      },
    },
    async (request) => ({ status: await reviewWish(db, actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/youth-voice/wishes/:id/publish',
    {
      config: { access: { permission: 'service.write', entity: 'yvWish' } },
      schema: { summary: 'Publish a micro-wish', params: Id, response: { 200: Moved, ...writes } },
    },
    async (request) => ({ status: await publishWish(db, actorOf(request), request.params.id) }),
  );

  app.post(
    '/youth-voice/wishes/:id/claim',
    {
      config: { access: { permission: 'service.write', entity: 'yvWish' } },
      schema: {
        summary: 'Record a claim of a micro-wish for a donor',
        params: Id,
        body: Type.Object({
          donorKind: Type.Enum(donorKinds),
          donorName: Type.String({ maxLength: 50 }),
          donorPhone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
          donorOrgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
        }),
        response: { 200: Type.Object({ status: Type.Enum(wishStatuses), replay: Type.Boolean() }), ...writes },
      },
    },
    async (request) => claimWish(db, pii, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/youth-voice/wishes/:id/proofs',
    {
      config: { access: { permission: 'service.write', entity: 'yvWish' } },
      schema: { summary: 'Attach a delivery photo to a micro-wish', params: Id, consumes: ['multipart/form-data'], response: { 201: FileOut, ...writes } },
    },
    async (request, reply) => reply.code(201).send(await addProof(db, actorOf(request), request.params.id, await uploadedPhoto(request))),
  );

  app.post(
    '/youth-voice/wishes/:id/deliver',
    {
      config: { access: { permission: 'service.write', entity: 'yvWish' } },
      schema: {
        summary: 'Record the delivery of a micro-wish',
        params: Id,
        body: Type.Object({ deliveredOn: DateString, receiverConfirmation: Type.String({ maxLength: 500 }) }),
        response: { 200: Moved, ...writes },
      },
    },
    async (request) => ({ status: await deliverWish(db, actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/youth-voice/wishes/:id/follow-up',
    {
      config: { access: { permission: 'service.write', entity: 'yvWish' } },
      schema: {
        summary: 'Record the follow-up of a micro-wish',
        params: Id,
        body: Type.Object({ followedUpOn: DateString, followUp: Type.String({ maxLength: 1000 }) }),
        response: { 200: Moved, ...writes },
      },
    },
    async (request) => ({ status: await followUpWish(db, actorOf(request), request.params.id, request.body) }),
  );

  app.get(
    '/youth-voice/files/:id',
    {
      config: { access: { permission: 'service.read', entity: 'yvFile' } },
      schema: { summary: 'Download a wish proof photo', params: Id, produces: ['application/octet-stream'] },
    },
    async (request, reply) => {
      const [f] = await db
        .select()
        .from(yvFile)
        .where(and(eq(yvFile.id, request.params.id), eq(yvFile.status, 'active')));
      if (!f) throw errors.notFound('yvFile');
      // a download with a fixed, checked type: a stored file never runs in the console's origin
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(f.data);
    },
  );
};
