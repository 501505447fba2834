import { type TSchema, type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { actorOf, afterId, DateString, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import {
  activityNames,
  addShifts,
  cancelShift,
  createActivity,
  findActivity,
  findShift,
  listActivities,
  listShifts,
  presentActivity,
  presentShift,
  setActivityStatus,
  updateActivity,
} from './activities.service.ts';
import { approveSignup, cancelSignup, confirmOffer, markNoShow, placeHolding, presentSignup, rejectSignup, roster, signUp } from './signups.service.ts';
import { signupStatuses } from './volunteers.schema.ts';

// Null first: with type coercion on, a number-first union would turn null into 0.
const OrNull = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 30 });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;
const Count = Type.Integer({ minimum: 1, maximum: 10_000 });
const ShiftIn = Type.Object({ startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), capacity: Count });
const RecurrenceIn = Type.Union([
  Type.Object({
    kind: Type.Literal('monthly'),
    weeks: Type.Array(Type.Integer({ minimum: -1, maximum: 5 }), { minItems: 1, maxItems: 5 }),
    weekday: Type.Integer({ minimum: 0, maximum: 6 }),
    start: Time,
    end: Time,
    from: DateStr,
    months: Type.Integer({ minimum: 1, maximum: 24 }),
    capacity: Count,
  }),
  Type.Object({
    kind: Type.Literal('weekly'),
    weekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7 }),
    start: Time,
    end: Time,
    from: DateStr,
    months: Type.Integer({ minimum: 1, maximum: 24 }),
    capacity: Count,
  }),
]);
const Fields = {
  title: Type.String({ maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  serviceContent: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  place: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  lat: Type.Optional(OrNull(Type.Number())),
  lng: Type.Optional(OrNull(Type.Number())),
  geofenceM: Type.Optional(OrNull(Type.Integer())),
  teamId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  projectId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  requiresApproval: Type.Optional(Type.Boolean()),
  waitlist: Type.Optional(Type.Boolean()),
  minAge: Type.Optional(OrNull(Type.Integer())),
  maxAge: Type.Optional(OrNull(Type.Integer())),
  skills: Type.Optional(Tags),
  requiresInsurance: Type.Optional(Type.Boolean()),
  requiresTraining: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
};
const ActivityStatus = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('cancelled'), Type.Literal('closed')]);
export const ShiftOut = Type.Object({
  id: Type.String(),
  activityId: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  capacity: Type.Integer(),
  status: Type.String(),
  taken: Type.Integer(),
  waitlisted: Type.Integer(),
});
export const ActivityOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  teamId: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  projectId: Nullable(Type.String()),
  projectName: Nullable(Type.String()),
  title: Type.String(),
  description: Nullable(Type.String()),
  serviceContent: Nullable(Type.String()),
  place: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  geofenceM: Nullable(Type.Integer()),
  requiresApproval: Type.Boolean(),
  waitlist: Type.Boolean(),
  minAge: Nullable(Type.Integer()),
  maxAge: Nullable(Type.Integer()),
  skills: Type.Array(Type.String()),
  requiresInsurance: Type.Boolean(),
  requiresTraining: Nullable(Type.String()),
  recurrence: Nullable(Type.Record(Type.String(), Type.Unknown())),
  status: ActivityStatus,
  createdAt: Type.String(),
});
const ActivityDetail = Type.Intersect([ActivityOut, Type.Object({ shifts: Type.Array(ShiftOut) })]);
const ActivityListItem = Type.Intersect([ActivityOut, Type.Object({ shiftCount: Type.Integer(), firstStart: Nullable(Type.String()) })]);
export const SignupOut = Type.Object({
  id: Type.String(),
  shiftId: Type.String(),
  volunteerId: Type.String(),
  status: Type.Enum(signupStatuses),
  position: Nullable(Type.Integer()),
  offeredUntil: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
});
const RosterItem = Type.Intersect([
  SignupOut,
  Type.Object({ name: Type.String(), gender: Type.String(), birthDate: Type.String(), phone: Nullable(Type.String()), number: Type.String() }),
]);

const Id = Type.Object({ id: Type.String() });
const withProblems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const activityWrite = { access: { permission: 'volunteer.write', entity: 'volunteerActivity' } } as const;
const signupWrite = { access: { permission: 'volunteer.write', entity: 'volunteerSignup' } } as const;

export async function activitiesRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  const detail = async (id: string) => {
    const a = await findActivity(db, id);
    if (!a) throw new Error('checked by the access hook');
    return { ...presentActivity(a, await activityNames(db, a)), shifts: await listShifts(db, id) };
  };

  app.get(
    '/volunteer-activities',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List volunteer activities',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          q: Type.Optional(Type.String({ maxLength: 50 })),
          status: Type.Optional(ActivityStatus),
          projectId: Type.Optional(Type.String({ format: 'uuid' })),
          teamId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ActivityListItem), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listActivities(db, actorOf(request), { ...request.query, after: afterId(request.query.cursor), limit });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          ...presentActivity(r.a, { orgName: r.orgName }),
          shiftCount: r.shiftCount,
          firstStart: r.firstStart ? new Date(r.firstStart).toISOString() : null,
        })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.a.id),
      };
    },
  );

  app.post(
    '/volunteer-activities',
    {
      config: { access: { permission: 'volunteer.write' } },
      schema: {
        summary: 'Create a volunteer activity',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          ...Fields,
          shifts: Type.Optional(Type.Array(ShiftIn, { maxItems: 200 })),
          recurrence: Type.Optional(Nullable(RecurrenceIn)),
        }),
        response: { 201: ActivityDetail, ...withProblems },
      },
    },
    async (request, reply) => {
      const { activity: a } = await createActivity(db, actorOf(request), request.body);
      return reply.code(201).send(await detail(a.id));
    },
  );

  app.get(
    '/volunteer-activities/:id',
    {
      config: { access: { permission: 'volunteer.read', entity: 'volunteerActivity' } },
      schema: { summary: 'Get a volunteer activity', params: Id, response: { 200: ActivityDetail, ...errorResponses } },
    },
    async (request) => detail(request.params.id),
  );

  app.patch(
    '/volunteer-activities/:id',
    {
      config: activityWrite,
      schema: {
        summary: 'Update a volunteer activity',
        params: Id,
        body: Type.Partial(Type.Object(Fields)),
        response: { 200: ActivityDetail, ...withProblems },
      },
    },
    async (request) => {
      await updateActivity(db, actorOf(request), request.params.id, request.body);
      return detail(request.params.id);
    },
  );

  for (const action of ['publish', 'cancel', 'close'] as const) {
    app.post(
      `/volunteer-activities/:id/${action}`,
      {
        config: activityWrite,
        schema: {
          summary: ({ publish: 'Publish an activity', cancel: 'Cancel an activity', close: 'Close an activity' } as const)[action],
          params: Id,
          body: Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
          response: { 200: ActivityDetail, ...withProblems },
        },
      },
      async (request) => {
        await setActivityStatus(db, actorOf(request), request.params.id, action, request.body.reason);
        return detail(request.params.id);
      },
    );
  }

  app.post(
    '/volunteer-activities/:id/shifts',
    {
      config: activityWrite,
      schema: {
        summary: 'Add a shift to an activity',
        params: Id,
        body: Type.Object({ shifts: Type.Optional(Type.Array(ShiftIn, { maxItems: 200 })), recurrence: Type.Optional(Nullable(RecurrenceIn)) }),
        response: { 200: Type.Object({ added: Type.Array(ShiftOut), skipped: Type.Integer() }), ...withProblems },
      },
    },
    async (request) => {
      const r = await addShifts(db, actorOf(request), request.params.id, request.body);
      return { added: r.added.map((s) => presentShift(s)), skipped: r.skipped };
    },
  );

  app.post(
    '/volunteer-shifts/:id/cancel',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerShift' } },
      schema: { summary: 'Cancel a shift', params: Id, response: { 200: ShiftOut, ...withProblems } },
    },
    async (request) => presentShift(await cancelShift(db, actorOf(request), request.params.id)),
  );

  app.get(
    '/volunteer-shifts/:id/roster',
    {
      config: { access: { permission: 'volunteer.read', entity: 'volunteerShift' } },
      schema: {
        summary: "Get a shift's roster",
        params: Id,
        response: { 200: Type.Object({ shift: ShiftOut, items: Type.Array(RosterItem) }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await roster(db, request.params.id);
      const found = await findShift(db, request.params.id);
      if (!found) throw new Error('checked by the access hook');
      const s = presentShift(found, {
        taken: rows.filter((r) => placeHolding.includes(r.su.status)).length,
        waitlisted: rows.filter((r) => r.su.status === 'waitlisted').length,
      });
      return {
        shift: s,
        items: rows.map((r) => ({ ...presentSignup(r.su), name: r.name, gender: r.gender, birthDate: r.birthDate, phone: r.phone, number: r.number })),
      };
    },
  );

  app.post(
    '/volunteer-shifts/:id/signups',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerShift' } },
      schema: {
        summary: 'Sign a volunteer up for a shift',
        params: Id,
        body: Type.Object({ volunteerId: Type.String({ format: 'uuid' }) }),
        response: { 201: SignupOut, ...withProblems },
      },
    },
    async (request, reply) => reply.code(201).send(presentSignup(await signUp(db, actorOf(request), request.params.id, request.body.volunteerId))),
  );

  const Reason = Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) });
  app.post(
    '/volunteer-signups/:id/approve',
    { config: signupWrite, schema: { summary: 'Approve a signup', params: Id, response: { 200: SignupOut, ...withProblems } } },
    async (request) => presentSignup(await approveSignup(db, actorOf(request), request.params.id)),
  );
  app.post(
    '/volunteer-signups/:id/reject',
    { config: signupWrite, schema: { summary: 'Reject a signup', params: Id, body: Reason, response: { 200: SignupOut, ...withProblems } } },
    async (request) => presentSignup(await rejectSignup(db, actorOf(request), request.params.id, request.body.reason ?? '')),
  );
  app.post(
    '/volunteer-signups/:id/cancel',
    { config: signupWrite, schema: { summary: 'Cancel a signup', params: Id, body: Reason, response: { 200: SignupOut, ...withProblems } } },
    async (request) => presentSignup(await cancelSignup(db, actorOf(request), request.params.id, { reason: request.body.reason })),
  );
  app.post(
    '/volunteer-signups/:id/confirm-offer',
    { config: signupWrite, schema: { summary: 'Confirm a waitlist offer', params: Id, response: { 200: SignupOut, ...withProblems } } },
    async (request) => presentSignup(await confirmOffer(db, actorOf(request), request.params.id)),
  );
  app.post(
    '/volunteer-signups/:id/no-show',
    { config: signupWrite, schema: { summary: 'Mark a signup as no-show', params: Id, response: { 200: SignupOut, ...withProblems } } },
    async (request) => presentSignup(await markNoShow(db, actorOf(request), request.params.id)),
  );
}
