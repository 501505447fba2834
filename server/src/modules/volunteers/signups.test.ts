import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/scope.ts';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { putSetting } from '../../platform/settings/settings.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildActivity, buildVolunteer } from '../../test/volunteers.factories.ts';
import { volunteerProjectMember, volunteerProject } from './volunteer-groups.schema.ts';
import { settleDueOffers } from './signups.service.ts';
import { signup } from './volunteers.schema.ts';
import { confirmOffer } from './signups.service.ts';
import { uuidv7 } from 'uuidv7';
import { chinaHour } from '../../platform/dates.ts';
import { runJob } from '../../platform/jobs/jobs.ts';
import './volunteers.jobs.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let cadreA: TestClient;
const day = 86_400_000;

const signUp = (c: TestClient, shiftId: string, volunteerId: string) => c.post(`/api/v1/volunteer-shifts/${shiftId}/signups`, { volunteerId });
async function statuses(shiftId: string) {
  const rows = await t.db.select().from(signup).where(eq(signup.shiftId, shiftId));
  const out: Record<string, number> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}
async function roster(shiftId: string) {
  const res = await adminA.get(`/api/v1/volunteer-shifts/${shiftId}/roster`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { shift: { taken: number; waitlisted: number }; items: { id: string; volunteerId: string; status: string; position: number | null }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  cadreA = await login(t.app, w.users.cadreA, password);
});
afterAll(async () => t?.close());

describe('capacity', () => {
  it('holds exactly under 20 concurrent sign-ups for 5 places: 5 confirmed, 15 waitlisted in order 1–15', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id);
    const shiftId = shifts[0]?.id ?? '';
    const vols = await Promise.all(Array.from({ length: 20 }, () => buildVolunteer(t.db, w.branchA.id)));
    const results = await Promise.all(vols.map((v) => signUp(adminA, shiftId, v.id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(await statuses(shiftId)).toEqual({ confirmed: 5, waitlisted: 15 });
    const positions = results.map((r) => r.json().position).filter((p): p is number => p !== null);
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const r = await roster(shiftId);
    expect(r.shift).toMatchObject({ taken: 5, waitlisted: 15 });
  });

  it('with approval required, the same holds: 5 pending, the rest waitlisted', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id, { requiresApproval: true });
    const shiftId = shifts[0]?.id ?? '';
    const vols = await Promise.all(Array.from({ length: 8 }, () => buildVolunteer(t.db, w.branchA.id)));
    await Promise.all(vols.map((v) => signUp(cadreA, shiftId, v.id)));
    expect(await statuses(shiftId)).toEqual({ pending: 5, waitlisted: 3 });
  });

  it('refuses past capacity when the activity keeps no waiting list, and nothing is written', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id, {
      waitlist: false,
      shifts: [{ startsAt: new Date(Date.now() + day), endsAt: new Date(Date.now() + day + 3600_000), capacity: 1 }],
    });
    const shiftId = shifts[0]?.id ?? '';
    const [a, b] = [await buildVolunteer(t.db, w.townA.id), await buildVolunteer(t.db, w.townA.id)];
    expect((await signUp(adminA, shiftId, a.id)).statusCode).toBe(201);
    const full = await signUp(adminA, shiftId, b.id);
    expect(full.statusCode).toBe(422);
    expect(full.json()).toMatchObject({ code: 'volunteers.shift_full', field: 'shiftId' });
    expect(await statuses(shiftId)).toEqual({ confirmed: 1 });
  });

  it('refuses a duplicate sign-up with 409, also when concurrent; counted once', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id);
    const shiftId = shifts[0]?.id ?? '';
    const v = await buildVolunteer(t.db, w.townA.id);
    const both = await Promise.all([signUp(adminA, shiftId, v.id), signUp(adminA, shiftId, v.id)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const again = await signUp(adminA, shiftId, v.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().field).toBe('signup');
    expect(await statuses(shiftId)).toEqual({ confirmed: 1 });
  });

  it('refuses cancelled and past shifts and unpublished activities, naming the shift', async () => {
    const v = await buildVolunteer(t.db, w.townA.id);
    const past = await buildActivity(t.db, w.townA.id, {
      shifts: [{ startsAt: new Date(Date.now() - day), endsAt: new Date(Date.now() - day + 3600_000), capacity: 5 }],
    });
    const cancelled = await buildActivity(t.db, w.townA.id, { status: 'cancelled' });
    const draft = await buildActivity(t.db, w.townA.id, { status: 'draft' });
    const open = await buildActivity(t.db, w.townA.id);
    const shiftCancel = await adminA.post(`/api/v1/volunteer-shifts/${open.shifts[0]?.id}/cancel`);
    expect(shiftCancel.statusCode).toBe(200);
    for (const [code, s] of [
      ['shift_started', past.shifts[0]],
      ['shift_cancelled', cancelled.shifts[0]],
      ['not_open_for_signup', draft.shifts[0]],
      ['shift_cancelled', open.shifts[0]],
    ] as const) {
      const res = await signUp(adminA, s?.id ?? '', v.id);
      expect(res.statusCode, code).toBe(422);
      expect(res.json(), code).toMatchObject({ code: `volunteers.${code}`, field: 'shiftId' });
    }
  });
});

describe('eligibility on the shift date', () => {
  it('checks age at the shift date, skills, insurance valid on the date and training — each naming its rule', async () => {
    const start = new Date('2031-06-10T01:00:00Z');
    const { shifts } = await buildActivity(t.db, w.townA.id, {
      minAge: 18,
      maxAge: 35,
      skills: ['急救'],
      requiresInsurance: true,
      requiresTraining: '防溺水培训',
      shifts: [{ startsAt: start, endsAt: new Date(start.getTime() + 7200_000), capacity: 10 }],
    });
    const shiftId = shifts[0]?.id ?? '';
    const good = { skills: ['急救', '摄影'], insuredUntil: '2031-12-31', trainings: ['防溺水培训'] };
    // turns 18 on 2031-06-11: still 17 on the shift date
    const young = await buildVolunteer(t.db, w.townA.id, { ...good, birthDate: '2013-06-11' });
    const old = await buildVolunteer(t.db, w.townA.id, { ...good, birthDate: '1990-01-01' });
    const noSkill = await buildVolunteer(t.db, w.townA.id, { ...good, skills: ['摄影'] });
    const lapsed = await buildVolunteer(t.db, w.townA.id, { ...good, insuredUntil: '2031-06-09' });
    const uninsured = await buildVolunteer(t.db, w.townA.id, { ...good, insuredUntil: null });
    // insured to the shift date itself: valid that day
    const lastDay = await buildVolunteer(t.db, w.townA.id, { ...good, insuredUntil: '2031-06-10' });
    const untrained = await buildVolunteer(t.db, w.townA.id, { ...good, trainings: [] });
    const ok = await buildVolunteer(t.db, w.townA.id, { ...good, birthDate: '2013-06-10' });
    const cases: [string, string, string, RegExp][] = [
      [young.id, 'minAge', 'below_min_age', /17 周岁/],
      [old.id, 'maxAge', 'above_max_age', /35/],
      [noSkill.id, 'skills', 'skills_missing', /急救/],
      [lapsed.id, 'insuredUntil', 'insurance_expired', /2031-06-09/],
      [uninsured.id, 'insuredUntil', 'insurance_missing', /未登记/],
      [untrained.id, 'trainings', 'training_missing', /防溺水培训/],
    ];
    for (const [id, field, code, detail] of cases) {
      const res = await signUp(adminA, shiftId, id);
      expect(res.statusCode, field).toBe(422);
      expect(res.json()).toMatchObject({ code: `volunteers.${code}`, field });
      // the message carries the particulars of this volunteer and activity
      expect(res.json().messages['zh-CN']).toMatch(detail);
    }
    expect((await signUp(adminA, shiftId, ok.id)).statusCode).toBe(201);
    expect((await signUp(adminA, shiftId, lastDay.id)).statusCode).toBe(201);
    expect(await statuses(shiftId)).toEqual({ confirmed: 2 });
  });
});

describe('approval, cancellation and the waiting list', () => {
  it('approves pending sign-ups, rejects with a reason, and the freed place is offered to the first waiting', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id, {
      requiresApproval: true,
      shifts: [{ startsAt: new Date(Date.now() + 5 * day), endsAt: new Date(Date.now() + 5 * day + 3600_000), capacity: 2 }],
    });
    const shiftId = shifts[0]?.id ?? '';
    const vols = [];
    for (let i = 0; i < 4; i++) vols.push(await buildVolunteer(t.db, w.townA.id));
    const ids: string[] = [];
    for (const v of vols) ids.push((await signUp(adminA, shiftId, v.id)).json().id as string);
    expect(await statuses(shiftId)).toEqual({ pending: 2, waitlisted: 2 });
    const approved = await adminA.post(`/api/v1/volunteer-signups/${ids[0]}/approve`);
    expect(approved.json().status).toBe('confirmed');
    const twice = await adminA.post(`/api/v1/volunteer-signups/${ids[0]}/approve`);
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'volunteers.not_pending', field: 'signupId' });
    const noReason = await adminA.post(`/api/v1/volunteer-signups/${ids[1]}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().field).toBe('reason');
    const rejected = await adminA.post(`/api/v1/volunteer-signups/${ids[1]}/reject`, { reason: '本次名额优先给本社区居民' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '本次名额优先给本社区居民' });
    const r = await roster(shiftId);
    const third = r.items.find((x) => x.id === ids[2]);
    expect(third?.status).toBe('offered');
    expect(r.items.find((x) => x.id === ids[3])?.status).toBe('waitlisted');
    // The offer is confirmed into a pending sign-up (this activity needs approval).
    const confirmed = await adminA.post(`/api/v1/volunteer-signups/${ids[2]}/confirm-offer`);
    expect(confirmed.json().status).toBe('pending');
    expect(await statuses(shiftId)).toEqual({ confirmed: 1, pending: 1, rejected: 1, waitlisted: 1 });
    const audits = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.entity, 'signup'), eq(auditEvent.entityId, ids[2] ?? '')));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['signup.created', 'signup.offered', 'signup.pending']));
  });

  it('an offer not confirmed in time passes to the next: lazily on reading, and by the job; the window is a setting', async () => {
    await t.db.transaction((tx) => putSetting(tx, w.countyA.id, 'volunteers.offerHours', 2, null));
    const { shifts } = await buildActivity(t.db, w.townA.id, {
      shifts: [{ startsAt: new Date(Date.now() + 5 * day), endsAt: new Date(Date.now() + 5 * day + 3600_000), capacity: 1 }],
    });
    const shiftId = shifts[0]?.id ?? '';
    const vols = [];
    for (let i = 0; i < 4; i++) vols.push(await buildVolunteer(t.db, w.townA.id));
    const ids: string[] = [];
    for (const v of vols) ids.push((await signUp(adminA, shiftId, v.id)).json().id);
    const cancel = await adminA.post(`/api/v1/volunteer-signups/${ids[0]}/cancel`, { reason: '临时有事' });
    expect(cancel.json().status).toBe('cancelled');
    const [offered] = await t.db
      .select()
      .from(signup)
      .where(eq(signup.id, ids[1] ?? ''));
    expect(offered?.status).toBe('offered');
    const hours = ((offered?.offeredUntil?.getTime() ?? 0) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    // Three hours later: the job lapses the offer and offers the place to the next in line.
    const later = new Date(Date.now() + 3 * 3600_000);
    const actor = {
      accountId: uuidv7(),
      username: 'x',
      sessionId: 'x',
      requestId: 'x',
      ip: '127.0.0.1',
      grants: [{ id: 'g', role: 'committee_admin', orgId: w.countyA.id, path: w.countyA.path }],
    } as Actor;
    await expect(confirmOffer(t.db, actor, ids[1] ?? '', { now: later })).rejects.toMatchObject({
      code: 'volunteers.offer_expired',
      field: 'offeredUntil',
    });
    expect(await statuses(shiftId)).toMatchObject({ cancelled: 2, offered: 1, waitlisted: 1 });
    const [next] = await t.db
      .select()
      .from(signup)
      .where(eq(signup.id, ids[2] ?? ''));
    expect(next?.status).toBe('offered');
    const muchLater = new Date(Date.now() + 6 * 3600_000);
    expect(await settleDueOffers(t.db, muchLater)).toMatchObject({ expired: 1, offered: 1 });
    expect(await settleDueOffers(t.db, muchLater)).toMatchObject({ expired: 0, offered: 0 });
    const [last] = await t.db
      .select()
      .from(signup)
      .where(eq(signup.id, ids[3] ?? ''));
    expect(last?.status).toBe('offered');
    expect((await adminA.post(`/api/v1/volunteer-signups/${ids[3]}/confirm-offer`)).json().status).toBe('confirmed');
    expect(await statuses(shiftId)).toEqual({ cancelled: 3, confirmed: 1 });
  });

  it('the hourly job lapses an overdue offer and offers the place to the next waiting, once per hour', async () => {
    await t.db.transaction((tx) => putSetting(tx, w.countyA.id, 'volunteers.offerHours', 2, null));
    const { shifts } = await buildActivity(t.db, w.townA.id, {
      shifts: [{ startsAt: new Date(Date.now() + 5 * day), endsAt: new Date(Date.now() + 5 * day + 3600_000), capacity: 1 }],
    });
    const shiftId = shifts[0]?.id ?? '';
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await signUp(adminA, shiftId, (await buildVolunteer(t.db, w.townA.id)).id)).json().id);
    await adminA.post(`/api/v1/volunteer-signups/${ids[0]}/cancel`, { reason: '临时有事' });
    expect(await statuses(shiftId)).toEqual({ cancelled: 1, offered: 1, waitlisted: 1 });
    // Nobody reads the shift; three hours on, the hour's run passes the place on.
    const later = new Date(Date.now() + 3 * 3600_000);
    const hour = chinaHour(later);
    const first = await runJob(t.db, 'volunteers.offers', hour, { now: later });
    expect(first).toMatchObject({ status: 'done', runKey: hour, result: { expired: 1, offered: 1 } });
    const [expired] = await t.db
      .select()
      .from(signup)
      .where(eq(signup.id, ids[1] ?? ''));
    expect(expired).toMatchObject({ status: 'cancelled', reason: 'offer_expired' });
    const [next] = await t.db
      .select()
      .from(signup)
      .where(eq(signup.id, ids[2] ?? ''));
    expect(next?.status).toBe('offered');
    // The same hour again does nothing; the job takes hour keys, not days.
    expect((await runJob(t.db, 'volunteers.offers', hour, { now: later })).status).toBe('skipped');
    await expect(runJob(t.db, 'volunteers.offers', hour.slice(0, 10))).rejects.toThrow(/YYYY-MM-DDTHH/);
  });

  it('marks no-shows only after the shift, only for confirmed sign-ups', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id);
    const v = await buildVolunteer(t.db, w.townA.id);
    const id = (await signUp(adminA, shifts[0]?.id ?? '', v.id)).json().id;
    const early = await adminA.post(`/api/v1/volunteer-signups/${id}/no-show`);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'volunteers.shift_not_ended', field: 'signupId' });
    await t.db.update(signup).set({ createdAt: new Date() }).where(eq(signup.id, id));
    const past = await buildActivity(t.db, w.townA.id, {
      shifts: [{ startsAt: new Date(Date.now() - 3 * day), endsAt: new Date(Date.now() - 3 * day + 3600_000), capacity: 3 }],
    });
    const [su] = await t.db
      .insert(signup)
      .values({ id: uuidv7(), shiftId: past.shifts[0]?.id ?? '', volunteerId: v.id, orgId: w.townA.id, status: 'confirmed' })
      .returning();
    expect((await adminA.post(`/api/v1/volunteer-signups/${su?.id}/no-show`)).json().status).toBe('no_show');
    const again = await adminA.post(`/api/v1/volunteer-signups/${su?.id}/no-show`);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'volunteers.not_confirmed', field: 'signupId' });
  });

  it('signing up for a project activity recruits the volunteer into the project once', async () => {
    const [p] = await t.db
      .insert(volunteerProject)
      .values({ id: uuidv7(), orgId: w.countyA.id, name: '河小青', theme: '河小青', startOn: '2024-01-01', target: 10 })
      .returning();
    const { shifts } = await buildActivity(t.db, w.townA.id, {
      projectId: p?.id,
      shifts: [1, 2].map((k) => ({ startsAt: new Date(Date.now() + k * day), endsAt: new Date(Date.now() + k * day + 3600_000), capacity: 3 })),
    });
    const v = await buildVolunteer(t.db, w.townA.id);
    for (const s of shifts) expect((await signUp(adminA, s.id, v.id)).statusCode).toBe(201);
    const members = await t.db
      .select()
      .from(volunteerProjectMember)
      .where(eq(volunteerProjectMember.projectId, p?.id ?? ''));
    expect(members).toHaveLength(1);
  });
});

describe('scope', () => {
  it('answers 404 for shifts, sign-ups and volunteers of another county', async () => {
    const { shifts } = await buildActivity(t.db, w.townA.id);
    const vA = await buildVolunteer(t.db, w.townA.id);
    const vB = await buildVolunteer(t.db, w.townB.id);
    expect((await signUp(adminB, shifts[0]?.id ?? '', vB.id)).statusCode).toBe(404);
    // A volunteer of county B cannot be put on county A's shift by county A's admin either.
    expect((await signUp(adminA, shifts[0]?.id ?? '', vB.id)).statusCode).toBe(404);
    const id = (await signUp(adminA, shifts[0]?.id ?? '', vA.id)).json().id;
    expect((await adminB.post(`/api/v1/volunteer-signups/${id}/cancel`, {})).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/volunteer-shifts/${shifts[0]?.id}/roster`)).statusCode).toBe(404);
  });
});
