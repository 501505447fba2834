import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { actorOf, DateString, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import { renderCertificatePdf } from './certificate.pdf.ts';
import { findCertificate, fieldsOf, issueCertificate, listCertificates } from './certificates.service.ts';
import { createClaim, decideClaim, listClaims, listEntries, reverseEntry } from './ledger.service.ts';
import { checkinCode } from './scans.service.ts';
import { certifyStar, listStars, rejectStar, startNotice, starsOf } from './stars.service.ts';
import { createCheckinSigner } from './volunteer-hours.rules.ts';
import { claimStatuses, hourSources, scanKinds, starStatuses } from './volunteer-hours.schema.ts';
import {
  ClaimOut,
  CertificateOut,
  EntryOut,
  presentCertificate,
  presentClaim,
  presentEntry,
  presentStar,
  StarOut,
  verifyUrlOf,
} from './volunteer-hours.presenters.ts';
import { findVolunteerInfo, totalsOf } from './volunteer-hours.queries.ts';
import { exportEntries, exportRanking, exportStars } from './volunteer-hours.excel.ts';
import { rankingMaxLimit, rankVolunteers } from './ranking.service.ts';
import { volunteerHoursSelfRoutes } from './volunteer-hours.self.routes.ts';
import { volunteerPhoneRoutes } from './volunteer-hours.phone.routes.ts';

const Uuid = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });
const Problems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const EntryFilter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  volunteerId: Type.Optional(Uuid),
  source: Type.Optional(Type.Enum(hourSources)),
};
const RankingFilter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: rankingMaxLimit, default: 100 })),
};
const RankingOut = Type.Object({
  rank: Type.Integer(),
  name: Type.String(),
  number: Type.String(),
  orgName: Type.String(),
  hours: Type.Number(),
  starLevel: Type.Integer({ minimum: 0, maximum: 5 }),
});
const StarFilter = { orgId: Type.Optional(Type.Integer({ minimum: 1 })), status: Type.Optional(Type.Enum(starStatuses)) };

/** Keyset pages over uuidv7 ids (time-ordered), newest first. */
export function page<T, O>(rows: T[], limit: number, idOf: (r: T) => string, present: (r: T) => O) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor([idOf(last)]) : null };
}
export function cursorOf(cursor: string | undefined): string | null {
  const c = decodeCursor(cursor);
  return c ? String(c[0]) : null;
}

export async function volunteerHoursRoutes(fastify: FastifyInstance, opts: { db: Db; config: Config }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const signer = createCheckinSigner(opts.config.dataKey);
  await fastify.register(volunteerHoursSelfRoutes, { db, signer });
  await fastify.register(volunteerPhoneRoutes, { db });

  app.get(
    '/volunteer-hours/shifts/:shiftId/checkin-code',
    {
      config: { access: { permission: 'volunteer.write', entities: { shiftId: 'volunteerShift' } } },
      schema: {
        summary: "Get a shift's check-in code",
        params: Type.Object({ shiftId: Type.String() }),
        querystring: Type.Object({ kind: Type.Optional(Type.Enum(scanKinds, { default: 'in' })) }),
        response: {
          200: Type.Object({
            token: Type.String(),
            /** the same window's 6-digit code, typed on a phone without a camera */
            code: Type.String({ pattern: '^\\d{6}$' }),
            kind: Type.Enum(scanKinds),
            svg: Type.String(),
            expiresAt: Type.String(),
            windowSeconds: Type.Integer(),
            shift: Type.Object({ id: Type.String(), title: Type.String(), startsAt: Type.String(), endsAt: Type.String() }),
          }),
          ...Problems,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return checkinCode(db, signer, actorOf(request), request.params.shiftId, request.query.kind ?? 'in');
    },
  );

  app.get(
    '/volunteer-hours/entries',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List hour entries',
        querystring: Type.Object({ ...PageQuery, ...EntryFilter }),
        response: { 200: Type.Object({ items: Type.Array(EntryOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listEntries(db, actorOf(request), { ...request.query, cursor: cursorOf(request.query.cursor), limit });
      return page(
        rows,
        limit,
        (r) => r.e.id,
        (r) => presentEntry(r, request.lang),
      );
    },
  );

  app.get(
    '/volunteer-hours/entries/export',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: { summary: 'Export hour entries to Excel', querystring: Type.Object(EntryFilter), produces: [xlsx] },
    },
    async (request, reply) => {
      const buf = await exportEntries(db, actorOf(request), request.query, request.lang);
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', attachment(`志愿服务时长-${chinaToday()}.xlsx`))
        .send(buf);
    },
  );

  app.post(
    '/volunteer-hours/entries/:id/reverse',
    {
      config: { access: { permission: 'volunteer.approve', entity: 'hourEntry' } },
      schema: {
        summary: 'Reverse an hour entry',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 201: Type.Object({ id: Type.String(), minutes: Type.Integer() }), ...Problems },
      },
    },
    async (request, reply) => {
      const row = await reverseEntry(db, actorOf(request), request.params.id, request.body.reason);
      return reply.code(201).send({ id: row.id, minutes: row.minutes });
    },
  );

  app.get(
    '/volunteer-hours/claims',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List hour claims',
        querystring: Type.Object({ ...PageQuery, orgId: Type.Optional(Type.Integer({ minimum: 1 })), status: Type.Optional(Type.Enum(claimStatuses)) }),
        response: { 200: Type.Object({ items: Type.Array(ClaimOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listClaims(db, actorOf(request), { ...request.query, cursor: cursorOf(request.query.cursor), limit });
      return page(
        rows,
        limit,
        (r) => r.c.id,
        (r) => presentClaim(r, request.lang),
      );
    },
  );

  app.post(
    '/volunteer-hours/claims',
    {
      config: { access: { permission: 'volunteer.write' } },
      schema: {
        summary: 'Claim hours for a volunteer',
        body: Type.Object({ volunteerId: Uuid, shiftId: Uuid, hours: Type.Number({ minimum: 0, maximum: 24 }), reason: Type.String({ maxLength: 500 }) }),
        response: { 201: Type.Object({ id: Type.String(), status: Type.String(), minutes: Type.Integer() }), ...Problems },
      },
    },
    async (request, reply) => {
      const row = await createClaim(db, actorOf(request), request.body);
      return reply.code(201).send({ id: row.id, status: row.status, minutes: row.minutes });
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/volunteer-hours/claims/:id/${decision}`,
      {
        config: { access: { permission: 'volunteer.approve', entity: 'hourClaim' } },
        schema: {
          summary: decision === 'approve' ? 'Approve an hour claim' : 'Reject an hour claim',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({ comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
          response: { 200: Type.Object({ id: Type.String(), status: Type.String(), entryId: Nullable(Type.String()) }), ...Problems },
        },
      },
      async (request) => {
        const r = await decideClaim(db, actorOf(request), request.params.id, decision, request.body.comment ?? null);
        return { id: r.claim.id, status: r.claim.status, entryId: r.entryId };
      },
    );
  }

  app.get(
    '/volunteer-hours/ranking',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'Rank volunteers by hours',
        querystring: Type.Object(RankingFilter),
        response: { 200: Type.Object({ from: Type.String(), to: Type.String(), items: Type.Array(RankingOut) }), ...Problems },
      },
    },
    async (request) => rankVolunteers(db, actorOf(request), request.query, chinaToday()),
  );

  app.get(
    '/volunteer-hours/ranking/export',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: { summary: 'Export the hours ranking to Excel', querystring: Type.Object(RankingFilter), produces: [xlsx] },
    },
    async (request, reply) => {
      const r = await exportRanking(db, actorOf(request), request.query, chinaToday(), request.lang);
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', attachment(`志愿者时长排行-${r.from}-${r.to}.xlsx`))
        .send(r.buf);
    },
  );

  app.get(
    '/volunteer-hours/volunteers/:volunteerId/summary',
    {
      config: { access: { permission: 'volunteer.read', entities: { volunteerId: 'volunteer' } } },
      schema: {
        summary: "Get a volunteer's hours summary",
        params: Type.Object({ volunteerId: Type.String() }),
        response: {
          200: Type.Object({
            trackedHours: Type.Number(),
            manualHours: Type.Number(),
            totalHours: Type.Number(),
            starLevel: Type.Integer(),
            stars: Type.Array(StarOut),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const v = await findVolunteerInfo(db, { id: request.params.volunteerId });
      if (!v) throw errors.notFound('volunteer');
      const t = await totalsOf(db, v.id);
      const s = await starsOf(db, v.id);
      const orgNames = new Map<number, string>();
      for (const a of s.awards) if (!orgNames.has(a.orgId)) orgNames.set(a.orgId, (await findOrg(db, a.orgId))?.name ?? '');
      return {
        trackedHours: t.trackedMinutes / 60,
        manualHours: t.manualMinutes / 60,
        totalHours: t.totalMinutes / 60,
        starLevel: s.level,
        stars: s.awards.map((a) => presentStar({ a, orgName: orgNames.get(a.orgId) ?? '', volunteerName: v.name, volunteerNumber: v.number }, request.lang)),
      };
    },
  );

  app.get(
    '/volunteer-hours/stars',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List star awards',
        querystring: Type.Object({ ...PageQuery, ...StarFilter }),
        response: { 200: Type.Object({ items: Type.Array(StarOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listStars(db, actorOf(request), { ...request.query, cursor: cursorOf(request.query.cursor), limit });
      return page(
        rows,
        limit,
        (r) => r.a.id,
        (r) => presentStar(r, request.lang),
      );
    },
  );

  app.get(
    '/volunteer-hours/stars/export',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: { summary: 'Export star awards to Excel', querystring: Type.Object(StarFilter), produces: [xlsx] },
    },
    async (request, reply) => {
      const buf = await exportStars(db, actorOf(request), request.query, request.lang);
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', attachment(`星级志愿者-${chinaToday()}.xlsx`))
        .send(buf);
    },
  );

  const starActions = { notice: startNotice, certify: certifyStar } as const;
  for (const [action, fn] of Object.entries(starActions)) {
    app.post(
      `/volunteer-hours/stars/:id/${action}`,
      {
        config: { access: { permission: 'volunteer.approve', entity: 'starAward' } },
        schema: {
          summary: action === 'notice' ? 'Start the public notice of a star award' : 'Certify a star award',
          params: Type.Object({ id: Type.String() }),
          response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...Problems },
        },
      },
      async (request) => {
        const a = await fn(db, actorOf(request), request.params.id, chinaToday());
        return { id: a.id, status: a.status };
      },
    );
  }
  app.post(
    '/volunteer-hours/stars/:id/reject',
    {
      config: { access: { permission: 'volunteer.approve', entity: 'starAward' } },
      schema: {
        summary: 'Reject a star award',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...Problems },
      },
    },
    async (request) => {
      const a = await rejectStar(db, actorOf(request), request.params.id, chinaToday(), request.body.reason);
      return { id: a.id, status: a.status };
    },
  );

  app.get(
    '/volunteer-hours/certificates',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List hour certificates',
        querystring: Type.Object({ ...PageQuery, orgId: Type.Optional(Type.Integer({ minimum: 1 })), volunteerId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ items: Type.Array(CertificateOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listCertificates(db, actorOf(request), { ...request.query, cursor: cursorOf(request.query.cursor), limit });
      return page(
        rows,
        limit,
        (r) => r.c.id,
        (r) => presentCertificate(r.c),
      );
    },
  );

  app.post(
    '/volunteer-hours/certificates',
    {
      config: { access: { permission: 'volunteer.approve' } },
      schema: {
        summary: 'Issue an hour certificate',
        body: Type.Object({
          volunteerId: Uuid,
          orgId: Type.Integer({ minimum: 1 }),
          responsiblePerson: Type.String({ maxLength: 50 }),
          contact: Type.String({ maxLength: 100 }),
          from: Type.Optional(Nullable(DateStr)),
          to: Type.Optional(Nullable(DateStr)),
        }),
        response: { 201: CertificateOut, ...Problems },
      },
    },
    async (request, reply) => reply.code(201).send(presentCertificate(await issueCertificate(db, actorOf(request), request.body, chinaToday()))),
  );

  app.get(
    '/volunteer-hours/certificates/:id/pdf',
    {
      config: { access: { permission: 'volunteer.read', entity: 'volunteerCertificate' } },
      schema: { summary: 'Download a certificate as PDF', params: Type.Object({ id: Type.String() }), produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const row = await findCertificate(db, request.params.id);
      if (!row) throw errors.notFound('volunteerCertificate');
      const f = fieldsOf(row);
      const pdf = await renderCertificatePdf(f, verifyUrlOf(request, f.verifyCode));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`志愿服务证明-${f.number}.pdf`)}`)
        .send(pdf);
    },
  );
}
