import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../../platform/access/scope.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { chinaToday as today } from '../../platform/dates.ts';
import { sendList, xlsxType } from '../../platform/excel/excel.ts';
import type { Lang } from '../../platform/errors.ts';
import { actorOf, DateString, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { history } from '../../platform/workflow/workflow.ts';
import {
  satisfactionLabels,
  satisfactions,
  suggestionActions,
  suggestionSourceLabels,
  suggestionSources,
  suggestionStates,
  suggestionWorkflow,
  type Satisfaction,
  type SuggestionSource,
  type SuggestionState,
} from './contact-work.rules.ts';
import { cwSuggestion } from './contact-work.schema.ts';
import { assigneesFor, collectSuggestion, listSuggestions, suggestionStep, type SuggestionRow, type SuggestionSort } from './suggestions.service.ts';

const Id = Type.Object({ id: Type.String() });
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

const SuggestionOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  source: Type.String(),
  sourceLabel: Type.String(),
  sourceRef: Nullable(Type.String()),
  contactId: Nullable(Type.String()),
  submitter: Nullable(Type.String()),
  title: Type.String(),
  content: Type.String(),
  receivedOn: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  assigneeId: Nullable(Type.String()),
  assigneeName: Type.Optional(Nullable(Type.String())),
  assignedOn: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  settledOn: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  followUpDueOn: Nullable(Type.String()),
  followedUpOn: Nullable(Type.String()),
  satisfaction: Nullable(Type.String()),
  satisfactionLabel: Nullable(Type.String()),
  actions: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});
const Filter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  state: Type.Optional(Type.Enum(suggestionStates)),
  source: Type.Optional(Type.Enum(suggestionSources)),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  mine: Type.Optional(Type.Boolean({ description: 'only those assigned to the caller' })),
  sort: Type.Optional(Type.Enum(['received_desc', 'received_asc'])),
};

export function presentSuggestion(s: SuggestionRow, lang: Lang, extra: { orgName?: string; assigneeName?: string | null } = {}) {
  const state = s.state as SuggestionState;
  return {
    id: s.id,
    orgId: s.orgId,
    source: s.source,
    sourceLabel: suggestionSourceLabels[s.source as SuggestionSource]?.[lang] ?? s.source,
    sourceRef: s.sourceRef,
    contactId: s.contactId,
    submitter: s.submitter,
    title: s.title,
    content: s.content,
    receivedOn: s.receivedOn,
    state: s.state,
    stateLabel: suggestionWorkflow.states[state]?.[lang] ?? s.state,
    assigneeId: s.assigneeId,
    assignedOn: s.assignedOn,
    dueOn: s.dueOn,
    outcome: s.outcome,
    settledOn: s.settledOn,
    answer: s.answer,
    followUpDueOn: s.followUpDueOn,
    followedUpOn: s.followedUpOn,
    satisfaction: s.satisfaction,
    satisfactionLabel: s.satisfaction ? (satisfactionLabels[s.satisfaction as Satisfaction]?.[lang] ?? s.satisfaction) : null,
    // what the console may offer from this state
    actions: Object.entries(suggestionWorkflow.transitions)
      .filter(([a, t]) => a !== 'collect' && (t.from as readonly (string | null)[]).includes(state))
      .map(([value, t]) => ({ value, label: t.label[lang] })),
    ...extra,
  };
}

export async function suggestionsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/contact-work/suggestions/meta',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'Get suggestion sources, states and options',
        response: {
          200: Type.Object({
            sources: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
            states: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
            satisfactions: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      sources: suggestionSources.map((value) => ({ value, label: suggestionSourceLabels[value][request.lang] })),
      states: suggestionStates.map((value) => ({ value, label: suggestionWorkflow.states[value][request.lang] })),
      satisfactions: satisfactions.map((value) => ({ value, label: satisfactionLabels[value][request.lang] })),
    }),
  );

  app.get(
    '/contact-work/suggestions',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List suggestions',
        querystring: Type.Object({ ...PageQuery, ...Filter }),
        response: { 200: Type.Object({ items: Type.Array(SuggestionOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const actor = actorOf(request);
      const scope = await listScope(db, actor, 'service.read', q.orgId);
      const c = decodeCursor(q.cursor);
      const rows = await listSuggestions(db, {
        ...q,
        scope,
        assigneeId: q.mine ? actor.accountId : undefined,
        sort: (q.sort ?? 'received_desc') as SuggestionSort,
        after: c ? [String(c[0]), String(c[1])] : null,
        limit,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => presentSuggestion(r.s, request.lang, { orgName: r.orgName, assigneeName: r.assigneeName })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.s.receivedOn, last.s.id]) : null,
      };
    },
  );

  app.get(
    '/contact-work/suggestions/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export suggestions to Excel', querystring: Type.Object(Filter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const actor = actorOf(request);
      const scope = await listScope(db, actor, 'service.read', q.orgId);
      const rows = (
        await listSuggestions(db, {
          ...q,
          scope,
          assigneeId: q.mine ? actor.accountId : undefined,
          sort: (q.sort ?? 'received_desc') as SuggestionSort,
          after: null,
          limit: 50_000,
        })
      ).slice(0, 50_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '意见建议', 'en-US': 'Suggestions' },
        fileName: `意见建议-${today()}.xlsx`,
        rows: rows.map((r) => presentSuggestion(r.s, request.lang, { orgName: r.orgName, assigneeName: r.assigneeName })),
        columns: [
          { key: 'receivedOn', header: { 'zh-CN': '收集日期', 'en-US': 'Received' }, width: 12 },
          { key: 'orgName', header: { 'zh-CN': '团组织', 'en-US': 'Org' }, width: 28 },
          { key: 'sourceLabel', header: { 'zh-CN': '来源', 'en-US': 'Source' }, width: 10 },
          { key: 'submitter', header: { 'zh-CN': '提出人', 'en-US': 'Submitted by' }, width: 10 },
          { key: 'title', header: { 'zh-CN': '标题', 'en-US': 'Title' }, width: 30 },
          { key: 'content', header: { 'zh-CN': '内容', 'en-US': 'Content' }, width: 50 },
          { key: 'stateLabel', header: { 'zh-CN': '状态', 'en-US': 'State' }, width: 10 },
          { key: 'assigneeName', header: { 'zh-CN': '承办人', 'en-US': 'Assignee' }, width: 14 },
          { key: 'assignedOn', header: { 'zh-CN': '交办日期', 'en-US': 'Assigned' }, width: 12 },
          { key: 'settledOn', header: { 'zh-CN': '办结日期', 'en-US': 'Settled' }, width: 12 },
          { key: 'answer', header: { 'zh-CN': '办理结果', 'en-US': 'Answer' }, width: 40 },
          { key: 'followedUpOn', header: { 'zh-CN': '回访日期', 'en-US': 'Followed up' }, width: 12 },
          { key: 'satisfactionLabel', header: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' }, width: 10 },
        ],
      });
    },
  );

  app.post(
    '/contact-work/suggestions',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Collect a suggestion',
        description: 'An optional client requestId makes a resubmit return the first suggestion instead of a second one.',
        body: Type.Object({
          requestId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          orgId: Type.Integer({ minimum: 1 }),
          source: Type.Enum(suggestionSources),
          sourceRef: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          contactId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          submitter: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
          title: Type.String({ maxLength: 200 }),
          content: Type.String({ maxLength: 5000 }),
          receivedOn: DateString,
        }),
        response: { 201: SuggestionOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentSuggestion(await collectSuggestion(db, actorOf(request), request.body, today()), request.lang)),
  );

  app.get(
    '/contact-work/suggestions/:id',
    {
      config: { access: { permission: 'service.read', entity: 'cwSuggestion' } },
      schema: {
        summary: 'Get a suggestion with its steps',
        params: Id,
        response: {
          200: Type.Object({
            suggestion: SuggestionOut,
            history: Type.Array(
              Type.Object({
                action: Type.String(),
                actionLabel: Type.String(),
                toState: Type.String(),
                actor: Nullable(Type.String()),
                occurredOn: Nullable(Type.String()),
                comment: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const [r] = await db
        .select({ s: cwSuggestion, orgName: org.name, assigneeName: account.displayName })
        .from(cwSuggestion)
        .innerJoin(org, eq(org.id, cwSuggestion.orgId))
        .leftJoin(account, eq(account.id, cwSuggestion.assigneeId))
        .where(eq(cwSuggestion.id, request.params.id));
      if (!r) throw new Error('checked by the access hook');
      const steps = await history(db, suggestionWorkflow, r.s.id);
      return {
        suggestion: presentSuggestion(r.s, request.lang, { orgName: r.orgName, assigneeName: r.assigneeName }),
        history: steps.map((h) => ({
          action: h.action,
          actionLabel: suggestionWorkflow.transitions[h.action as keyof typeof suggestionWorkflow.transitions]?.label[request.lang] ?? h.action,
          toState: h.toState,
          actor: h.actorUsername,
          occurredOn: h.occurredOn,
          comment: h.comment,
        })),
      };
    },
  );

  app.get(
    '/contact-work/suggestions/:id/assignees',
    {
      config: { access: { permission: 'service.write', entity: 'cwSuggestion' } },
      schema: {
        summary: 'List accounts a suggestion may be assigned to',
        params: Id,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const [r] = await db
        .select({ path: org.path })
        .from(cwSuggestion)
        .innerJoin(org, eq(org.id, cwSuggestion.orgId))
        .where(eq(cwSuggestion.id, request.params.id));
      return { items: r ? await assigneesFor(db, r.path) : [] };
    },
  );

  app.post(
    '/contact-work/suggestions/:id/steps',
    {
      config: { access: { permission: 'service.write', entity: 'cwSuggestion' } },
      schema: {
        summary: 'Move a suggestion one step',
        description:
          'assign (assigneeId, dueOn), resolve or explain (answer), follow_up (satisfaction), void (comment as the reason); each dated (on) no earlier than the step before.',
        params: Id,
        body: Type.Object({
          action: Type.Enum(suggestionActions.filter((a) => a !== 'collect')),
          on: DateString,
          assigneeId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          dueOn: Type.Optional(Nullable(DateString)),
          answer: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
          satisfaction: Type.Optional(Nullable(Type.Enum(satisfactions))),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
        }),
        response: { 200: SuggestionOut, ...writes },
      },
    },
    async (request) => presentSuggestion(await suggestionStep(db, actorOf(request), request.params.id, request.body, today()), request.lang),
  );
}
