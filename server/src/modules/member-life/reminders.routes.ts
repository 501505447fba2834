import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { listScope, subtrees } from '../../platform/access/scope.ts';
import { addDays, chinaToday, yearOf } from '../../platform/dates.ts';
import { actorOf, afterId, Cursor, errorResponses, nextIdCursor, Nullable } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { personOf } from '../accounts/index.ts';
import { episodeFor, latestEpisodeId } from '../study/index.ts';
import { arrearsByBranch } from './dues.queries.ts';
import { arrearsList } from './dues.service.ts';
import { activeMemberOfPerson } from './member-life.common.ts';
import { reminderKinds } from './member-life.schema.ts';
import { completeReminder, createReminders, listReminders, reminderLabels } from './reminders.service.ts';
import { completionByBranch, notDone, type TodoQuery } from './todo.queries.ts';

const Reminder = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  dueOn: Type.String(),
  source: Type.String(),
  status: Type.String(),
  note: Nullable(Type.String()),
});
const Kind = Type.Enum(reminderKinds);
const tasks = ['registration', 'review', 'dues', 'study'] as const;
const ok = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export const remindersRoutes: ModuleRoutes = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/reminders',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List reminders',
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])),
          kind: Type.Optional(Kind),
          cursor: Type.Optional(Cursor),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Reminder), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const limit = q.limit ?? 100;
      const after = afterId(q.cursor);
      const rows = await listReminders(db, { scope, status: q.status, kind: q.kind, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          memberId: r.member_id,
          name: r.name,
          orgId: r.org_id,
          orgName: r.org_name,
          kind: r.kind,
          kindLabel: reminderLabels[r.kind][request.lang],
          dueOn: r.due_on,
          source: r.source,
          status: r.status,
          note: r.note,
        })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.id),
      };
    },
  );

  app.post(
    '/reminders/bulk',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Send reminders in bulk',
        body: Type.Object({
          kind: Kind,
          memberIds: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 1000 }),
          dueOn: Type.Optional(Type.String({ maxLength: 10 })),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: {
          200: Type.Object({
            created: Type.Integer(),
            results: Type.Array(
              Type.Object({ memberId: Type.String(), created: Type.Boolean(), status: Type.Integer(), message: Type.Optional(Type.String()) }),
            ),
          }),
          ...ok,
        },
      },
    },
    async (request) => {
      const now = chinaToday();
      const results = await createReminders(db, actorOf(request), { ...request.body, dueOn: request.body.dueOn ?? addDays(now, 14) }, now, request.lang);
      return { created: results.filter((r) => r.created).length, results };
    },
  );

  app.post(
    '/reminders/:id/done',
    {
      config: { access: { permission: 'member.write', entity: 'reminder' } },
      schema: {
        summary: 'Mark a reminder done',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...ok },
      },
    },
    async (request) => {
      const r = await completeReminder(db, actorOf(request), request.params.id, chinaToday());
      return { id: request.params.id, status: r?.status ?? 'done' };
    },
  );

  app.get(
    '/me/reminders',
    {
      config: { access: { self: true } },
      schema: { summary: 'List my open reminders', response: { 200: Type.Object({ items: Type.Array(Reminder) }), ...ok } },
    },
    async (request) => {
      const m = await activeMemberOfPerson(db, await personOf(db, actorOf(request)));
      const rows = await listReminders(db, { scope: subtrees([m.path]), status: 'open', memberId: m.id, after: null, limit: 50 });
      return {
        items: rows.map((r) => ({
          id: r.id,
          memberId: r.member_id,
          name: r.name,
          orgId: r.org_id,
          orgName: r.org_name,
          kind: r.kind,
          kindLabel: reminderLabels[r.kind][request.lang],
          dueOn: r.due_on,
          source: r.source,
          status: r.status,
          note: r.note,
        })),
      };
    },
  );

  // "Who hasn't done it", with completion by branch.
  app.get(
    '/todo',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Get who has not done a task, by branch',
        querystring: Type.Object({
          task: Type.Optional(Type.Enum(tasks)),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
          /** task=study: the issue (default: the latest one begun that covers the org) */
          episodeId: Type.Optional(Type.String({ maxLength: 40 })),
          cursor: Type.Optional(Cursor),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: {
          200: Type.Object({
            task: Type.String(),
            year: Type.Integer(),
            episode: Type.Optional(
              Nullable(Type.Object({ id: Type.String(), number: Type.String(), title: Type.String(), startsOn: Type.String(), endsOn: Type.String() })),
            ),
            items: Type.Array(
              Type.Object({ memberId: Type.String(), name: Type.String(), orgId: Type.Integer(), orgName: Type.String(), reminded: Type.Boolean() }),
            ),
            nextCursor: Nullable(Type.String()),
            branches: Type.Array(
              Type.Object({ orgId: Type.Integer(), orgName: Type.String(), members: Type.Integer(), done: Type.Integer(), rate: Type.Number() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const task = q.task ?? 'registration';
      const now = chinaToday();
      const year = q.year ?? yearOf(now);
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const limit = q.limit ?? 100;
      const after = afterId(q.cursor);
      const rate = (done: number, members: number) => (members === 0 ? 0 : Math.round((done / members) * 1000) / 10);
      if (task === 'dues') {
        const asOf = year === yearOf(now) ? now : `${year}-12-31`;
        const rows = await arrearsList(db, scope, asOf, { after, limit: limit + 1 });
        const page = rows.slice(0, limit);
        const reminded = await openSet(
          db,
          'dues',
          page.map((r) => r.memberId),
        );
        const branches = await arrearsByBranch(db, scope, asOf);
        return {
          task,
          year,
          items: page.map((r) => ({ memberId: r.memberId, name: r.name, orgId: r.orgId, orgName: r.orgName, reminded: reminded.has(r.memberId) })),
          nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.memberId),
          branches: branches.map((b) => ({
            orgId: b.org_id,
            orgName: b.org_name,
            members: b.members,
            done: b.members - b.in_arrears,
            rate: rate(b.members - b.in_arrears, b.members),
          })),
        };
      }
      let tq: TodoQuery = { task: task === 'study' ? 'registration' : task, scope, year };
      let episode = null;
      if (task === 'study') {
        // The issue and the part of the scope it covers come from the study module.
        const id = q.episodeId ?? (await latestEpisodeId(db, scope, now));
        if (!id) return { task, year, episode: null, items: [], nextCursor: null, branches: [] };
        const found = await episodeFor(db, id, scope);
        const e = found.episode;
        episode = { id: e.id, number: e.number, title: e.title, startsOn: e.startsOn, endsOn: e.endsOn };
        tq = { task, scope: found.scope, episode: { id: e.id, endsOn: e.endsOn } };
      }
      const rows = await notDone(db, { ...tq, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const branches = await completionByBranch(db, tq);
      return {
        task,
        year,
        ...(task === 'study' ? { episode } : {}),
        items: page.map((r) => ({ memberId: r.member_id, name: r.name, orgId: r.org_id, orgName: r.org_name, reminded: r.reminded })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.member_id),
        branches: branches.map((b) => ({ orgId: b.org_id, orgName: b.org_name, members: b.members, done: b.done, rate: rate(b.done, b.members) })),
      };
    },
  );
};

async function openSet(db: Db, kind: string, memberIds: string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const res = await db.execute<{ member_id: string }>(sql`
    select member_id from member_reminder where kind = ${kind} and status = 'open'
      and member_id in (${sql.join(
        memberIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
  return new Set(res.rows.map((r) => r.member_id));
}
