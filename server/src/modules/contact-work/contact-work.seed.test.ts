import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { createPii } from '../../platform/pii.ts';
import { addDays, chinaToday } from '../../platform/dates.ts';
import { buildCadre, buildPerson } from '../../test/cadres.factories.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login } from '../../test/harness.ts';
import { seedDemoContactWork } from './contact-work.seed.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('the demo seed', () => {
  it('fills a year whose figures are what the demo promises, and links the demo cadre account to a book', async () => {
    const w = await buildWorld(t.db);
    for (const county of [w.countyA, w.countyB]) {
      for (let i = 0; i < 3; i++) await buildOrg(t.db, county, { name: `${county.name}村${i}团支部`, kind: 'branch', category: 'village' });
    }
    for (const o of [w.countyA, w.townA, w.townB]) {
      const p = await buildPerson(t.db, o.id);
      await buildCadre(t.db, o.id, p.id, { kind: 'full_time' });
    }
    // the demo's own accounts: `cadre` on county A, `hengyang` over the city
    await buildAccount(t.db, 'cadre', w.countyA.id, 'cadre');
    await buildAccount(t.db, 'committee_admin', w.city.id, 'hengyang');
    const today = chinaToday();
    const out = await seedDemoContactWork(t.db, createPii(t.config.dataKey), today);
    expect(out).toMatchObject({ cadres: 3, suggestions: 400, proposals: 105, reports: 22, visits: 200 });
    expect(out.contacts).toBeGreaterThanOrEqual(2 * 115 + 60);
    expect(out.contacts).toBeLessThanOrEqual(2 * 140 + 95);

    const [cadreAccount] = await t.db.select({ personId: account.personId }).from(account).where(eq(account.username, 'cadre'));
    expect(cadreAccount?.personId).not.toBeNull();
    const [g] = await t.db.select().from(accessGrant).innerJoin(account, eq(account.id, accessGrant.accountId)).where(eq(account.username, 'cadre'));
    expect(g).toBeDefined();
    const cadre = await login(t.app, 'cadre', password);
    const book = (await cadre.get('/api/v1/contact-work/my-book')).json();
    expect(book.cadre).not.toBeNull();
    expect(book.items.length).toBeGreaterThanOrEqual(60);

    const city = await login(t.app, 'hengyang', password);
    const period = `orgId=${w.city.id}&from=${addDays(today, -364)}&to=${today}`;
    const rate = (await city.get(`/api/v1/metrics/contact-work.resolutionRate?${period}`)).json();
    expect(rate.denominator).toBe(400);
    expect(rate.total).toBeGreaterThan(90);
    expect(rate.total).toBeLessThan(99);
    const youths = (await city.get(`/api/v1/metrics/contact-work.youthsContacted?${period}`)).json();
    expect(youths.total).toBeGreaterThan(out.contacts * 0.8);
    // two of the three cadres reach their 100 youths in the year, the third does not
    const atTarget = (await city.get(`/api/v1/metrics/contact-work.cadresAtTarget?${period}`)).json();
    expect([atTarget.numerator, atTarget.denominator]).toEqual([2, 3]);
    expect((await city.get(`/api/v1/metrics/contact-work.proposals?${period}`)).json().total).toBeGreaterThan(80);
    expect((await city.get(`/api/v1/metrics/contact-work.pairings?${period}`)).json().total).toBeGreaterThan(250);
  });
});
