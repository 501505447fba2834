import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope, subtrees } from '../../platform/access/scope.ts';
import { chinaToday as today } from '../../platform/dates.ts';
import { sendList, xlsxType } from '../../platform/excel/excel.ts';
import type { Lang } from '../../platform/errors.ts';
import { actorOf, afterId, DateString, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { contactKindLabels, contactKinds, contactWayLabels, contactWays, progressOf, type ContactKind, type ContactWay } from './contact-work.rules.ts';
import { cwContact } from './contact-work.schema.ts';
import {
  addContact,
  cadreProgress,
  listContacts,
  listLogs,
  logContact,
  myCadres,
  recentLogs,
  removeContact,
  targetsFor,
  updateContact,
  viewContactPhone,
  type ContactLogRow,
  type ContactRow,
  type CadreProgress,
} from './contacts.service.ts';

const Id = Type.Object({ id: Type.String() });
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Kind = Type.Enum(contactKinds);
const Way = Type.Enum(contactWays);

const ContactOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  cadreId: Type.String(),
  cadreName: Type.Optional(Type.String()),
  name: Type.String(),
  phone: Nullable(Type.String({ description: 'masked' })),
  kind: Type.String(),
  kindLabel: Type.String(),
  occupation: Nullable(Type.String()),
  note: Nullable(Type.String()),
  status: Type.String(),
  lastContactedOn: Type.Optional(Nullable(Type.String())),
  logs: Type.Optional(Type.Integer()),
});
const LogOut = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  contactId: Type.String(),
  contactName: Type.Optional(Type.String()),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  cadreName: Type.Optional(Type.String()),
  contactedOn: Type.String(),
  way: Type.String(),
  wayLabel: Type.String(),
  topic: Type.String(),
  note: Nullable(Type.String()),
});
const CadreOut = Type.Object({
  cadreId: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  kind: Type.String(),
  book: Type.Integer(),
  contacted: Type.Integer(),
  logs: Type.Integer(),
  target: Type.Integer(),
  progress: Type.Integer(),
  counted: Type.Boolean(),
});
const ContactBody = {
  name: Type.String({ maxLength: 50 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  kind: Kind,
  occupation: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
};
const NewContact = Type.Object({
  cadreId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  orgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  ...ContactBody,
});
const ContactFilter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  cadreId: Type.Optional(Type.String({ format: 'uuid' })),
  kind: Type.Optional(Kind),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  status: Type.Optional(Type.Enum(['active', 'removed'])),
};
const LogFilter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  cadreId: Type.Optional(Type.String({ format: 'uuid' })),
  contactId: Type.Optional(Type.String({ format: 'uuid' })),
  way: Type.Optional(Way),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
};
const Period = { orgId: Type.Optional(Type.Integer({ minimum: 1 })), from: Type.Optional(DateString), to: Type.Optional(DateString) };

type ContactListRow = { c: ContactRow; orgName?: string; cadreName?: string; lastContactedOn?: string | null; logs?: number };

export function presentContact(r: ContactListRow, lang: Lang) {
  const c = r.c;
  return {
    id: c.id,
    orgId: c.orgId,
    orgName: r.orgName,
    cadreId: c.cadreId,
    cadreName: r.cadreName,
    name: c.name,
    phone: c.phoneMasked,
    kind: c.kind,
    kindLabel: contactKindLabels[c.kind as ContactKind]?.[lang] ?? c.kind,
    occupation: c.occupation,
    note: c.note,
    status: c.status,
    lastContactedOn: r.lastContactedOn,
    logs: r.logs,
  };
}

function presentLog(l: ContactLogRow, lang: Lang, extra: { contactName?: string; orgName?: string; cadreName?: string } = {}) {
  return {
    id: l.id,
    requestId: l.requestId,
    contactId: l.contactId,
    orgId: l.orgId,
    contactedOn: l.contactedOn,
    way: l.way,
    wayLabel: contactWayLabels[l.way as ContactWay]?.[lang] ?? l.way,
    topic: l.topic,
    note: l.note,
    ...extra,
  };
}

const presentCadre = (c: CadreProgress) => ({ ...c, progress: progressOf(c.contacted, c.target) });

/** The period a page asks for: this calendar year unless said. */
function periodOf(q: { from?: string; to?: string }) {
  const t = today();
  return { from: q.from ?? `${t.slice(0, 4)}-01-01`, to: q.to ?? t };
}

export async function contactsRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/contact-work/meta',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'Get contact kinds and ways',
        response: {
          200: Type.Object({
            kinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
            ways: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      kinds: contactKinds.map((value) => ({ value, label: contactKindLabels[value][request.lang] })),
      ways: contactWays.map((value) => ({ value, label: contactWayLabels[value][request.lang] })),
    }),
  );

  app.get(
    '/contact-work/my-book',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: "Get the signed-in cadre's contact book",
        description:
          'The youths of the caller’s own book (as a cadre), with this year’s progress against the target; cadre is null for an account that is not a serving cadre.',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: {
          200: Type.Object({
            cadre: Nullable(CadreOut),
            items: Type.Array(ContactOut),
            recent: Type.Array(LogOut),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const [mine] = await myCadres(db, actor);
      if (!mine) return { cadre: null, items: [], recent: [] };
      const { from, to } = periodOf({});
      // The cadre's own figures: their post's subtree, they are always in it.
      const progress = (await cadreProgress(db, subtrees([mine.path]), from, to)).find((c) => c.personId === mine.personId);
      const target = (await targetsFor(db, [mine.path])).get(mine.path) ?? 100;
      const cadre = progress ?? { ...mine, book: 0, contacted: 0, logs: 0, target, counted: mine.kind === 'full_time' };
      const scope = subtrees([mine.path]);
      const rows = await listContacts(db, { scope, cadrePersonId: mine.personId, q: request.query.q, after: null, limit: 500 });
      const logs = await listLogs(db, { scope, mine: mine.personId, after: null, limit: 10 });
      return {
        cadre: presentCadre(cadre),
        items: rows.slice(0, 500).map((r) => presentContact(r, request.lang)),
        recent: logs.slice(0, 10).map((r) => presentLog(r.l, request.lang, { contactName: r.contactName, orgName: r.orgName, cadreName: r.cadreName })),
      };
    },
  );

  app.get(
    '/contact-work/contacts',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List contact youths',
        querystring: Type.Object({ ...PageQuery, ...ContactFilter }),
        response: { 200: Type.Object({ items: Type.Array(ContactOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = await listContacts(db, { ...q, scope, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return { items: page.map((r) => presentContact(r, request.lang)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.c.id) };
    },
  );

  app.get(
    '/contact-work/contacts/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export contact youths to Excel', querystring: Type.Object(ContactFilter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = (await listContacts(db, { ...q, scope, after: null, limit: 50_000 })).slice(0, 50_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '联系青年', 'en-US': 'Contacts' },
        fileName: `联系青年-${today()}.xlsx`,
        rows: rows.map((r) => presentContact(r, request.lang)),
        columns: [
          { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 10 },
          { key: 'phone', header: { 'zh-CN': '手机号（脱敏）', 'en-US': 'Phone (masked)' }, width: 14 },
          { key: 'kindLabel', header: { 'zh-CN': '类别', 'en-US': 'Kind' }, width: 14 },
          { key: 'occupation', header: { 'zh-CN': '职业', 'en-US': 'Occupation' }, width: 14 },
          { key: 'orgName', header: { 'zh-CN': '所在组织', 'en-US': 'Org' }, width: 28 },
          { key: 'cadreName', header: { 'zh-CN': '联系团干部', 'en-US': 'Cadre' }, width: 10 },
          { key: 'logs', header: { 'zh-CN': '联系次数', 'en-US': 'Contacts' }, width: 10 },
          { key: 'lastContactedOn', header: { 'zh-CN': '最近联系', 'en-US': 'Last contact' }, width: 12 },
        ],
      });
    },
  );

  app.post(
    '/contact-work/contacts',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Add a youth to a contact book',
        description: 'Without cadreId the youth goes into the caller’s own book (the caller must be a serving cadre); orgId defaults to the cadre’s org.',
        body: NewContact,
        response: { 201: ContactOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentContact({ c: await addContact(db, pii, actorOf(request), request.body) }, request.lang)),
  );

  app.get(
    '/contact-work/contacts/:id',
    {
      config: { access: { permission: 'service.read', entity: 'cwContact' } },
      schema: {
        summary: 'Get a contact youth with recent contacts',
        params: Id,
        response: { 200: Type.Object({ contact: ContactOut, logs: Type.Array(LogOut) }), ...errorResponses },
      },
    },
    async (request) => {
      const [c] = await db
        .select({ c: cwContact, orgName: org.name })
        .from(cwContact)
        .innerJoin(org, eq(org.id, cwContact.orgId))
        .where(eq(cwContact.id, request.params.id));
      if (!c) throw new Error('checked by the access hook');
      const logs = await recentLogs(db, [c.c.id]);
      return { contact: presentContact(c, request.lang), logs: logs.map((l) => presentLog(l, request.lang)) };
    },
  );

  app.patch(
    '/contact-work/contacts/:id',
    {
      config: { access: { permission: 'service.write', entity: 'cwContact' } },
      schema: { summary: 'Update a contact youth', params: Id, body: Type.Partial(Type.Object(ContactBody)), response: { 200: ContactOut, ...writes } },
    },
    async (request) => presentContact({ c: await updateContact(db, pii, actorOf(request), request.params.id, request.body) }, request.lang),
  );

  app.post(
    '/contact-work/contacts/:id/remove',
    {
      config: { access: { permission: 'service.write', entity: 'cwContact' } },
      schema: { summary: 'Take a youth off the contact book', params: Id, body: Type.Object({ on: DateString }), response: { 200: ContactOut, ...writes } },
    },
    async (request) => presentContact({ c: await removeContact(db, actorOf(request), request.params.id, request.body.on, today()) }, request.lang),
  );

  app.get(
    '/contact-work/contacts/:id/phone',
    {
      config: { access: { permission: 'service.write', entity: 'cwContact' } },
      schema: {
        summary: "Reveal a contact youth's phone",
        description: 'The full number, for the cadre who calls; each view is audited.',
        params: Id,
        response: { 200: Type.Object({ phone: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => viewContactPhone(db, pii, actorOf(request), request.params.id),
  );

  app.get(
    '/contact-work/cadres',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List cadres with their contacts against the target',
        description:
          'Serving cadres of the subtree with the distinct youths each contacted in the period (this year unless said) and the target in force at their org.',
        querystring: Type.Object({ ...Period, onlyTarget: Type.Optional(Type.Boolean()), ...PageQuery }),
        response: {
          200: Type.Object({
            items: Type.Array(CadreOut),
            summary: Type.Object({ cadres: Type.Integer(), atTarget: Type.Integer(), average: Type.Number(), contacted: Type.Integer() }),
            nextCursor: Nullable(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const { from, to } = periodOf(q);
      const all = await cadreProgress(db, scope, from, to, { onlyTarget: q.onlyTarget });
      const offset = Number(afterId(q.cursor) ?? 0);
      const page = all.slice(offset, offset + limit);
      const counted = all.filter((c) => c.counted);
      const contacted = counted.reduce((s, c) => s + c.contacted, 0);
      return {
        items: page.map(presentCadre),
        summary: {
          cadres: counted.length,
          atTarget: counted.filter((c) => c.contacted >= c.target).length,
          average: counted.length ? Math.round((contacted * 10) / counted.length) / 10 : 0,
          contacted,
        },
        nextCursor: nextIdCursor(offset + limit < all.length, String(offset + limit)),
      };
    },
  );

  app.get(
    '/contact-work/cadres/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'Export cadres with their contacts to Excel',
        querystring: Type.Object({ ...Period, onlyTarget: Type.Optional(Type.Boolean()) }),
        produces: [xlsxType],
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const { from, to } = periodOf(q);
      const all = await cadreProgress(db, scope, from, to, { onlyTarget: q.onlyTarget });
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '团干部联系青年', 'en-US': 'Cadre contacts' },
        fileName: `团干部联系青年-${from}-${to}.xlsx`,
        rows: all.map(presentCadre),
        columns: [
          { key: 'name', header: { 'zh-CN': '团干部', 'en-US': 'Cadre' }, width: 10 },
          { key: 'orgName', header: { 'zh-CN': '所在组织', 'en-US': 'Org' }, width: 28 },
          { key: 'kind', header: { 'zh-CN': '类别', 'en-US': 'Kind' }, width: 10 },
          { key: 'book', header: { 'zh-CN': '联系名单', 'en-US': 'In book' }, width: 10 },
          { key: 'contacted', header: { 'zh-CN': '期间联系青年', 'en-US': 'Youths contacted' }, width: 12 },
          { key: 'logs', header: { 'zh-CN': '联系次数', 'en-US': 'Contacts' }, width: 10 },
          { key: 'target', header: { 'zh-CN': '目标', 'en-US': 'Target' }, width: 8 },
          { key: 'progress', header: { 'zh-CN': '完成（%）', 'en-US': 'Progress (%)' }, width: 10 },
        ],
      });
    },
  );

  app.get(
    '/contact-work/logs',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List contact logs',
        querystring: Type.Object({ ...PageQuery, ...LogFilter }),
        response: { 200: Type.Object({ items: Type.Array(LogOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = await listLogs(db, { ...q, scope, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => presentLog(r.l, request.lang, { contactName: r.contactName, orgName: r.orgName, cadreName: r.cadreName })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.l.id),
      };
    },
  );

  app.get(
    '/contact-work/logs/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export contact logs to Excel', querystring: Type.Object(LogFilter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = (await listLogs(db, { ...q, scope, after: null, limit: 100_000 })).slice(0, 100_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '联系记录', 'en-US': 'Contact logs' },
        fileName: `联系记录-${today()}.xlsx`,
        rows: rows.map((r) => presentLog(r.l, request.lang, { contactName: r.contactName, orgName: r.orgName, cadreName: r.cadreName })),
        columns: [
          { key: 'contactedOn', header: { 'zh-CN': '日期', 'en-US': 'Date' }, width: 12 },
          { key: 'contactName', header: { 'zh-CN': '青年', 'en-US': 'Youth' }, width: 10 },
          { key: 'orgName', header: { 'zh-CN': '所在组织', 'en-US': 'Org' }, width: 28 },
          { key: 'cadreName', header: { 'zh-CN': '团干部', 'en-US': 'Cadre' }, width: 10 },
          { key: 'wayLabel', header: { 'zh-CN': '方式', 'en-US': 'Way' }, width: 8 },
          { key: 'topic', header: { 'zh-CN': '主题', 'en-US': 'Topic' }, width: 30 },
          { key: 'note', header: { 'zh-CN': '备注', 'en-US': 'Note' }, width: 40 },
        ],
      });
    },
  );

  app.post(
    '/contact-work/logs',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Log a contact with a youth',
        description:
          'requestId is generated by the client once per form: sending the same request again returns the first log (200) instead of writing twice. A new youth may be added to the caller’s book in the same request (contact instead of contactId).',
        body: Type.Object({
          requestId: Type.String({ format: 'uuid' }),
          contactId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          contact: Type.Optional(Nullable(NewContact)),
          contactedOn: Type.Optional(Nullable(DateString)),
          way: Way,
          topic: Type.String({ maxLength: 100 }),
          note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        }),
        response: { 200: LogOut, 201: LogOut, ...writes },
      },
    },
    async (request, reply) => {
      const { log, created } = await logContact(db, pii, actorOf(request), request.body, today());
      return reply.code(created ? 201 : 200).send(presentLog(log, request.lang));
    },
  );
}
