import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { errors } from '../../platform/errors.ts';
import { actorOf, errorResponses, Nullable } from '../../platform/http.ts';
import { personOf } from '../accounts/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { activity } from '../volunteers/index.ts';
import { renderCertificatePdf } from './certificate.pdf.ts';
import { fieldsOf, verifyCertificate } from './certificates.service.ts';
import { recordScan } from './scans.service.ts';
import { starsOf } from './stars.service.ts';
import type { CheckinSigner } from './volunteer-hours.rules.ts';
import { hourEntry, scanKinds, volunteerCertificate } from './volunteer-hours.schema.ts';
import { CertificateFieldsOut, EntryOut, presentEntry, starStatusLabels, verifyUrlOf } from './volunteer-hours.presenters.ts';
import { starHoursSetting, totalsOf, volunteerOfPerson } from './volunteer-hours.queries.ts';
import { getSetting } from '../../platform/settings/settings.ts';

/** Scans one account may post for one shift in a minute. */
export const scanLimitPerMinute = 30;

/** The check-in limit's key: the account and the shift its token names (tokens that name none share one key). */
function scanLimitKey(signer: CheckinSigner, req: FastifyRequest): string {
  const token = (req.body as { token?: unknown } | undefined)?.token;
  const shiftId = typeof token === 'string' ? (signer.verify(token)?.shiftId ?? 'unsigned') : 'unsigned';
  return `scan:${actorOf(req).accountId}:${shiftId}`;
}

/** The volunteer's phone: scan to check in and out, my hours, stars and certificates; and public verification. */
export async function volunteerHoursSelfRoutes(fastify: FastifyInstance, opts: { db: Db; signer: CheckinSigner }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, signer } = opts;

  app.post(
    '/self/volunteer-scans',
    {
      // Counted per account and shift, not per address: a whole venue scans from one address.
      // Generous but bounded: a phone flushing its offline queue posts a few at once.
      config: {
        access: { self: true },
        rateLimit: { max: scanLimitPerMinute, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: (req) => scanLimitKey(signer, req) },
      },
      schema: {
        summary: 'Check in or out by scanning a code',
        body: Type.Object({
          token: Type.String({ minLength: 1, maxLength: 200 }),
          clientScanId: Type.String({ format: 'uuid' }),
          scannedAt: Type.String({ format: 'date-time' }),
          lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
          lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
        }),
        response: {
          200: Type.Object({
            scanId: Type.String(),
            clientScanId: Type.String(),
            kind: Type.Enum(scanKinds),
            shiftId: Type.String(),
            activityTitle: Type.String(),
            scannedAt: Type.String(),
            replayed: Type.Boolean(),
            entry: Nullable(
              Type.Object({
                id: Type.String(),
                minutes: Type.Integer(),
                presentMinutes: Nullable(Type.Integer()),
                scheduledMinutes: Nullable(Type.Integer()),
                flag: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
          409: Type.Ref('Problem'),
          422: Type.Ref('Problem'),
        },
      },
    },
    async (request) => recordScan(db, signer, actorOf(request), request.body),
  );

  app.get(
    '/self/volunteer-hours',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Get my volunteer hours',
        response: {
          200: Type.Object({
            volunteer: Type.Object({ id: Type.String(), name: Type.String(), number: Type.String(), orgName: Type.String() }),
            trackedHours: Type.Number(),
            manualHours: Type.Number(),
            totalHours: Type.Number(),
            starLevel: Type.Integer(),
            nextLevelHours: Nullable(Type.Integer()),
            stars: Type.Array(Type.Object({ level: Type.Integer(), status: Type.String(), statusLabel: Type.String(), noticeUntil: Nullable(Type.String()) })),
            entries: Type.Array(EntryOut),
            certificates: Type.Array(Type.Object({ id: Type.String(), status: Type.String(), fields: CertificateFieldsOut })),
          }),
          ...errorResponses,
          422: Type.Ref('Problem'),
        },
      },
    },
    async (request) => {
      const v = await volunteerOfPerson(db, await personOf(db, actorOf(request)));
      const t = await totalsOf(db, v.id);
      const s = await starsOf(db, v.id);
      const entries = await db
        .select({ e: hourEntry, orgName: org.name, activityTitle: activity.title })
        .from(hourEntry)
        .innerJoin(org, eq(org.id, hourEntry.orgId))
        .leftJoin(activity, eq(activity.id, hourEntry.activityId))
        .where(eq(hourEntry.volunteerId, v.id))
        .orderBy(desc(hourEntry.id))
        .limit(100);
      const certs = await db.select().from(volunteerCertificate).where(eq(volunteerCertificate.volunteerId, v.id)).orderBy(desc(volunteerCertificate.id));
      const [o] = await db.select({ name: org.name }).from(org).where(eq(org.id, v.orgId));
      const thresholds = await getSetting(db, v.orgPath, starHoursSetting);
      const next = thresholds.find((h) => t.totalMinutes < h * 60) ?? null;
      return {
        volunteer: { id: v.id, name: v.name, number: v.number, orgName: o?.name ?? '' },
        trackedHours: t.trackedMinutes / 60,
        manualHours: t.manualMinutes / 60,
        totalHours: t.totalMinutes / 60,
        starLevel: s.level,
        nextLevelHours: next,
        stars: s.awards.map((a) => ({ level: a.level, status: a.status, statusLabel: starStatusLabels[a.status][request.lang], noticeUntil: a.noticeUntil })),
        entries: entries.map((r) => presentEntry({ ...r, volunteerName: v.name, volunteerNumber: v.number }, request.lang)),
        certificates: certs.map((c) => ({ id: c.id, status: c.status, fields: fieldsOf(c) })),
      };
    },
  );

  app.get(
    '/self/volunteer-certificates/:id/pdf',
    {
      config: { access: { self: true } },
      schema: { summary: 'Download my certificate as PDF', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const v = await volunteerOfPerson(db, await personOf(db, actorOf(request)));
      const [row] = await db
        .select()
        .from(volunteerCertificate)
        .where(and(eq(volunteerCertificate.id, request.params.id), eq(volunteerCertificate.volunteerId, v.id)));
      if (!row) throw errors.notFound('certificate');
      const f = fieldsOf(row);
      const pdf = await renderCertificatePdf(f, verifyUrlOf(request, f.verifyCode));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`志愿服务证明-${f.number}.pdf`)}`)
        .send(pdf);
    },
  );

  app.get(
    '/public/volunteer-certificates/:code',
    {
      // Anyone may check a code; a low limit keeps guessing codes pointless (12 characters of base32).
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Verify a certificate by its code',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ status: Type.String(), fields: CertificateFieldsOut }), 400: Type.Ref('Problem'), 404: Type.Ref('Problem') },
      },
    },
    async (request) => verifyCertificate(db, request.params.code),
  );
}
