import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { listScope, subtrees } from '../../platform/access/scope.ts';
import { addDays, addMonths, chinaToday, yearOf } from '../../platform/dates.ts';
import { actorOf, errorResponses, Nullable } from '../../platform/http.ts';
import { maxMemberAge, sqlBirthdayAt } from '../../platform/league.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { ageOutReminderDays, decideRemoval, lapseMonths, leaveMember, proposeRemoval, removalWorkflow } from './leaving.service.ts';
import { eligibilityProblems, quotaUse, recommend, recordApplication } from './party.service.ts';

const MemberId = Type.Object({ id: Type.String() });
const OrgQuery = { orgId: Type.Optional(Type.Integer({ minimum: 1 })) };
const ok = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export const leavingRoutes: ModuleRoutes = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/members/:id/leave',
    {
      config: { access: { permission: 'member.write', entity: 'member' } },
      schema: {
        summary: 'Record a member leaving the league',
        params: MemberId,
        body: Type.Object({
          reason: Type.Union([Type.Literal('age'), Type.Literal('voluntary'), Type.Literal('party'), Type.Literal('death'), Type.Literal('other')]),
          leftOn: Type.String({ maxLength: 10 }),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 200: Type.Object({ memberId: Type.String(), status: Type.String(), leftOn: Type.String(), leftReason: Type.String() }), ...ok },
      },
    },
    async (request) => leaveMember(db, actorOf(request), request.params.id, request.body, chinaToday()),
  );

  app.get(
    '/leaving/age-due',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List members reaching the league age limit',
        querystring: Type.Object({ ...OrgQuery, withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })) }),
        response: {
          200: Type.Object({
            withinDays: Type.Integer(),
            items: Type.Array(
              Type.Object({
                memberId: Type.String(),
                name: Type.String(),
                orgId: Type.Integer(),
                orgName: Type.String(),
                birthDate: Type.String(),
                turns28On: Type.String(),
                overdue: Type.Boolean(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const now = chinaToday();
      // Each subtree of the scope looks ahead by its own setting, unless the caller names the days.
      const leads = await Promise.all(
        scope.roots.map(async (root) => ({ root, days: request.query.withinDays ?? (await getSetting(db, root, ageOutReminderDays)) })),
      );
      const due = sqlBirthdayAt(sql`p.birth_date`, maxMemberAge);
      const soon = leads.map((l) => sql`(${subtrees([l.root]).where(sql`o.path`)} and ${due} <= ${addDays(now, l.days)}::date)`);
      const res = await db.execute<{ id: string; name: string; org_id: number; org_name: string; birth_date: string; due: string }>(sql`
        select m.id, p.name, m.org_id, o.name as org_name, p.birth_date, ${due}::text as due
        from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
        where m.status = 'active' and m.league_post is null and (${soon.length ? sql.join(soon, sql` or `) : sql`false`})
        order by due, m.id limit 500`);
      return {
        withinDays: Math.max(request.query.withinDays ?? 0, ...leads.map((l) => l.days)),
        items: res.rows.map((r) => ({
          memberId: r.id,
          name: r.name,
          orgId: r.org_id,
          orgName: r.org_name,
          birthDate: r.birth_date,
          turns28On: r.due,
          overdue: r.due <= now,
        })),
      };
    },
  );

  app.get(
    '/leaving/lapsed',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List lapsed members',
        querystring: Type.Object(OrgQuery),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                memberId: Type.String(),
                name: Type.String(),
                orgId: Type.Integer(),
                orgName: Type.String(),
                lastPaid: Nullable(Type.String()),
                lastRegistered: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const since = addMonths(chinaToday(), -lapseMonths);
      const res = await db.execute<{
        id: string;
        name: string;
        org_id: number;
        org_name: string;
        last_paid: string | null;
        last_registered: string | null;
      }>(sql`
        select * from (
          select m.id, p.name, m.org_id, o.name as org_name, m.admitted_on,
            (select max(e.paid_on) from dues_entry e where e.member_id = m.id and e.amount_fen > 0
               and not exists (select 1 from dues_entry r where r.reverses_id = e.id)) as last_paid,
            (select max(g.registered_on) from member_registration g where g.member_id = m.id and g.status = 'registered') as last_registered
          from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
          where m.status = 'active' and ${scope.where(sql`o.path`)} and m.admitted_on <= ${since}::date) x
        where (last_paid is null or last_paid <= ${since}::date) and (last_registered is null or last_registered <= ${since}::date)
        order by id limit 500`);
      return {
        items: res.rows.map((r) => ({
          memberId: r.id,
          name: r.name,
          orgId: r.org_id,
          orgName: r.org_name,
          lastPaid: r.last_paid,
          lastRegistered: r.last_registered,
        })),
      };
    },
  );

  app.post(
    '/members/:id/removals',
    {
      config: { access: { permission: 'member.write', entity: 'member' } },
      schema: {
        summary: 'Propose removing a member',
        params: MemberId,
        body: Type.Object({ meetingOn: Type.String({ maxLength: 10 }), reason: Type.String({ maxLength: 1000 }) }),
        response: { 201: Type.Object({ id: Type.String(), status: Type.String() }), ...ok },
      },
    },
    async (request, reply) => {
      const row = await proposeRemoval(db, actorOf(request), request.params.id, request.body, chinaToday());
      return reply.code(201).send({ id: row?.id ?? '', status: row?.status ?? 'proposed' });
    },
  );

  app.get(
    '/removals',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List removal proposals',
        querystring: Type.Object({ ...OrgQuery, status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                memberId: Type.String(),
                name: Type.String(),
                orgName: Type.String(),
                status: Type.String(),
                statusLabel: Type.String(),
                meetingOn: Type.String(),
                reason: Type.String(),
                decidedOn: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const res = await db.execute<{
        id: string;
        member_id: string;
        name: string;
        org_name: string;
        status: 'proposed' | 'approved' | 'rejected';
        meeting_on: string;
        reason: string;
        decided_on: string | null;
      }>(sql`
        select r.id, r.member_id, p.name, o.name as org_name, r.status, r.meeting_on, r.reason, r.decided_on
        from member_removal r join member m on m.id = r.member_id join person p on p.id = m.person_id join org o on o.id = r.org_id
        where ${scope.where(sql`o.path`)} ${request.query.status ? sql`and r.status = ${request.query.status}` : sql``}
        order by r.meeting_on desc, r.id limit 500`);
      return {
        items: res.rows.map((r) => ({
          id: r.id,
          memberId: r.member_id,
          name: r.name,
          orgName: r.org_name,
          status: r.status,
          statusLabel: removalWorkflow.states[r.status][request.lang],
          meetingOn: r.meeting_on,
          reason: r.reason,
          decidedOn: r.decided_on,
        })),
      };
    },
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/removals/:id/${action}`,
      {
        config: { access: { permission: 'member.approve', entity: 'removal' } },
        schema: {
          summary: action === 'approve' ? 'Approve a removal' : 'Reject a removal',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
          response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...ok },
        },
      },
      async (request) => {
        const after = await decideRemoval(db, actorOf(request), request.params.id, action, request.body.reason ?? null, chinaToday());
        return { id: request.params.id, status: after?.status ?? action };
      },
    );
  }

  // ---- 推优入党 ----
  app.post(
    '/members/:id/party-application',
    {
      config: { access: { permission: 'member.write', entity: 'member' } },
      schema: {
        summary: "Record a member's Party application",
        params: MemberId,
        body: Type.Object({ appliedOn: Type.String({ maxLength: 10 }) }),
        response: { 200: Type.Object({ memberId: Type.String(), appliedOn: Type.String() }), ...ok },
      },
    },
    async (request) => recordApplication(db, actorOf(request), request.params.id, request.body, chinaToday()),
  );

  app.get(
    '/party/candidates',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List candidates for Party recommendation',
        querystring: Type.Object({ ...OrgQuery, on: Type.Optional(Type.String({ format: 'date' })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                memberId: Type.String(),
                name: Type.String(),
                orgId: Type.Integer(),
                orgName: Type.String(),
                appliedOn: Nullable(Type.String()),
                eligible: Type.Boolean(),
                problems: Type.Array(Type.String()),
                recommendedUntil: Nullable(Type.String()),
              }),
            ),
            quotas: Type.Array(
              Type.Object({ orgId: Type.Integer(), orgName: Type.String(), active: Type.Integer(), used: Type.Integer(), quota: Type.Integer() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const on = request.query.on ?? chinaToday();
      // Members who applied to the Party, and everyone old enough: the list a branch picks from.
      const res = await db.execute<{
        id: string;
        name: string;
        org_id: number;
        org_name: string;
        org_path: string;
        birth_date: string;
        admitted_on: string;
        applied_on: string | null;
        valid_until: string | null;
      }>(sql`
        select m.id, p.name, m.org_id, o.name as org_name, o.path::text as org_path, p.birth_date, m.admitted_on, a.applied_on,
          (select max(r.valid_until) from party_recommendation r where r.member_id = m.id and r.status = 'recommended') as valid_until
        from member m join person p on p.id = m.person_id join org o on o.id = m.org_id left join party_application a on a.member_id = m.id
        where m.status = 'active' and ${scope.where(sql`o.path`)} and a.applied_on is not null
        order by o.name, p.name limit 500`);
      const branches = new Map<number, { path: string; name: string }>();
      for (const r of res.rows) branches.set(r.org_id, { path: r.org_path, name: r.org_name });
      const quotas = [];
      for (const [id, b] of branches) quotas.push({ orgId: id, orgName: b.name, ...(await quotaUse(db, id, b.path, Number(on.slice(0, 4)))) });
      return {
        items: res.rows.map((r) => {
          const problems = eligibilityProblems({ birthDate: r.birth_date, admittedOn: r.admitted_on }, r.applied_on, on);
          const valid = r.valid_until && r.valid_until >= on ? r.valid_until : null;
          return {
            memberId: r.id,
            name: r.name,
            orgId: r.org_id,
            orgName: r.org_name,
            appliedOn: r.applied_on,
            eligible: problems.length === 0 && !valid,
            problems: problems.map((p) => p.msg[request.lang]),
            recommendedUntil: valid,
          };
        }),
        quotas: quotas.map((q) => ({ orgId: q.orgId, orgName: q.orgName, active: q.active, used: q.used, quota: q.quota })),
      };
    },
  );

  app.post(
    '/party/recommendations',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Recommend members to the Party',
        body: Type.Object({
          memberId: Type.String({ format: 'uuid' }),
          meetingOn: Type.String({ maxLength: 10 }),
          voters: Type.Integer(),
          present: Type.Integer(),
          yes: Type.Integer(),
        }),
        response: { 201: Type.Object({ id: Type.String(), memberId: Type.String(), meetingOn: Type.String(), validUntil: Type.String() }), ...ok },
      },
    },
    async (request, reply) => {
      const r = await recommend(db, actorOf(request), request.body, chinaToday());
      return reply.code(201).send({ id: r.id, memberId: r.memberId, meetingOn: r.meetingOn, validUntil: r.validUntil });
    },
  );

  app.get(
    '/party/recommendations',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List Party recommendations',
        querystring: Type.Object({ ...OrgQuery, year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                memberId: Type.String(),
                name: Type.String(),
                orgName: Type.String(),
                meetingOn: Type.String(),
                voters: Type.Integer(),
                present: Type.Integer(),
                yes: Type.Integer(),
                validUntil: Type.String(),
                valid: Type.Boolean(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const now = chinaToday();
      const year = request.query.year ?? yearOf(now);
      const res = await db.execute<{
        id: string;
        member_id: string;
        name: string;
        org_name: string;
        meeting_on: string;
        voters: number;
        present: number;
        yes: number;
        valid_until: string;
      }>(sql`
        select r.id, r.member_id, p.name, o.name as org_name, r.meeting_on, r.voters, r.present, r.yes, r.valid_until
        from party_recommendation r join member m on m.id = r.member_id join person p on p.id = m.person_id join org o on o.id = r.org_id
        where ${scope.where(sql`o.path`)} and r.status = 'recommended' and extract(year from r.meeting_on)::int = ${year}
        order by r.meeting_on desc, r.id limit 500`);
      return {
        items: res.rows.map((r) => ({
          id: r.id,
          memberId: r.member_id,
          name: r.name,
          orgName: r.org_name,
          meetingOn: r.meeting_on,
          voters: r.voters,
          present: r.present,
          yes: r.yes,
          validUntil: r.valid_until,
          valid: r.valid_until >= now,
        })),
      };
    },
  );
};
