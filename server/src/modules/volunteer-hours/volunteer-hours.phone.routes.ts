import { type Static, type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { actorOf, errorResponses, Nullable } from '../../platform/http.ts';
import { personOf } from '../accounts/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { cancelSignup, signUp } from '../volunteers/index.ts';
import { activity, shift, signup } from '../volunteers/index.ts';
import { haversineM } from './volunteer-hours.rules.ts';
import { volunteerOfPerson } from './volunteer-hours.queries.ts';

const Problems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

const ShiftItem = Type.Object({
  id: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  capacity: Type.Integer(),
  taken: Type.Integer(),
  mySignupId: Nullable(Type.String()),
  myStatus: Nullable(Type.String()),
});
const ActivityItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  orgName: Type.String(),
  place: Nullable(Type.String()),
  serviceContent: Nullable(Type.String()),
  distanceM: Nullable(Type.Integer()),
  shifts: Type.Array(ShiftItem),
});

/**
 * The volunteer's phone: published activities with shifts still to come (nearest first when the
 * phone gives its position), and signing up or cancelling through the volunteers module's rules.
 */
export async function volunteerPhoneRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/self/volunteer-activities',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'List activities open to me',
        querystring: Type.Object({
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ActivityItem) }), ...Problems },
      },
    },
    async (request) => {
      const v = await volunteerOfPerson(db, await personOf(db, actorOf(request)));
      const now = new Date();
      // Shifts still running count too: a volunteer on site checks in from this list.
      const rows = await db
        .select({ a: activity, orgName: org.name, s: shift })
        .from(shift)
        .innerJoin(activity, eq(activity.id, shift.activityId))
        .innerJoin(org, eq(org.id, activity.orgId))
        .where(and(eq(activity.status, 'published'), eq(shift.status, 'open'), gt(shift.endsAt, now)))
        .orderBy(asc(shift.startsAt))
        .limit(300);
      const shiftIds = rows.map((r) => r.s.id);
      const counts = shiftIds.length
        ? await db
            .select({
              shiftId: signup.shiftId,
              taken: sql<number>`count(*) filter (where ${signup.status} in ('confirmed', 'pending', 'offered'))::int`,
              mine: sql<
                string | null
              >`max(${signup.id}::text) filter (where ${signup.volunteerId} = ${v.id} and ${signup.status} not in ('cancelled', 'rejected'))`,
              myStatus: sql<
                string | null
              >`max(${signup.status}) filter (where ${signup.volunteerId} = ${v.id} and ${signup.status} not in ('cancelled', 'rejected'))`,
            })
            .from(signup)
            .where(inArray(signup.shiftId, shiftIds))
            .groupBy(signup.shiftId)
        : [];
      const byShift = new Map(counts.map((c) => [c.shiftId, c]));
      const { lat, lng } = request.query;
      const items = new Map<string, Static<typeof ActivityItem>>();
      for (const r of rows) {
        let item = items.get(r.a.id);
        if (!item) {
          const d = lat !== undefined && lng !== undefined && r.a.lat !== null && r.a.lng !== null ? Math.round(haversineM(lat, lng, r.a.lat, r.a.lng)) : null;
          item = { id: r.a.id, title: r.a.title, orgName: r.orgName, place: r.a.place, serviceContent: r.a.serviceContent, distanceM: d, shifts: [] };
          items.set(r.a.id, item);
        }
        const c = byShift.get(r.s.id);
        item.shifts.push({
          id: r.s.id,
          startsAt: r.s.startsAt.toISOString(),
          endsAt: r.s.endsAt.toISOString(),
          capacity: r.s.capacity,
          taken: c?.taken ?? 0,
          mySignupId: c?.mine ?? null,
          myStatus: c?.myStatus ?? null,
        });
      }
      const list = [...items.values()];
      // Nearest first; activities without a place go last, in time order.
      list.sort((x, y) => (x.distanceM ?? Number.MAX_SAFE_INTEGER) - (y.distanceM ?? Number.MAX_SAFE_INTEGER));
      return { items: list.slice(0, 50) };
    },
  );

  app.post(
    '/self/volunteer-shifts/:shiftId/signup',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Sign up for a shift',
        params: Type.Object({ shiftId: Type.String({ format: 'uuid' }) }),
        response: { 201: Type.Object({ id: Type.String(), status: Type.String() }), ...Problems },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const v = await volunteerOfPerson(db, await personOf(db, actor));
      const row = await signUp(db, actor, request.params.shiftId, v.id, { self: true });
      return reply.code(201).send({ id: row.id, status: row.status });
    },
  );

  app.post(
    '/self/volunteer-signups/:signupId/cancel',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Cancel my signup',
        params: Type.Object({ signupId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...Problems },
      },
    },
    async (request) => {
      const row = await cancelSignup(db, actorOf(request), request.params.signupId, { self: true });
      return { id: row.id, status: row.status };
    },
  );
}
