// Demo hours: every confirmed place on a shift that has ended was served, with its check-in and
// check-out scans and a tracked ledger entry, and the rollups kept as the services keep them.
// A few volunteers came late and left early, so the coverage rule shows up in the ledger too.
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { chinaToday } from '../../platform/dates.ts';
import { addToRollup } from './ledger.service.ts';
import { coverageSetting, hourStepSetting } from './volunteer-hours.queries.ts';
import { hoursOfPair } from './volunteer-hours.rules.ts';
import { hourEntry, volunteerScan } from './volunteer-hours.schema.ts';

type Served = { volunteer_id: string; shift_id: string; activity_id: string; org_id: number; starts_at: Date; ends_at: Date };

export async function seedDemoHours(db: Db, rand: () => number, now = new Date()): Promise<{ entries: number }> {
  const served = (
    await db.execute<Served>(sql`
      select su.volunteer_id, s.id as shift_id, s.activity_id, s.org_id, s.starts_at, s.ends_at
      from signup su join shift s on s.id = su.shift_id
      where su.status = 'confirmed' and s.status = 'open' and s.ends_at < ${now.toISOString()}::timestamptz
      order by s.starts_at, su.id`)
  ).rows;
  // The settings' defaults (the demo sets none): 0.5 h steps, 60 % coverage.
  const rule = { stepMinutes: Math.round(hourStepSetting.default * 60), coveragePct: coverageSetting.default };
  const scans: (typeof volunteerScan.$inferInsert)[] = [];
  const entries: (typeof hourEntry.$inferInsert)[] = [];
  for (const r of served) {
    const start = new Date(r.starts_at);
    const end = new Date(r.ends_at);
    // One in ten stayed only part of the shift: below the 60 % coverage rule it earns nothing.
    const short = rand() < 0.1;
    const inAt = new Date(start.getTime() - Math.floor(rand() * 10) * 60_000 + (short ? 45 * 60_000 : 0));
    const outAt = new Date(end.getTime() + Math.floor(rand() * 8) * 60_000 - (short ? 30 * 60_000 : 0));
    const h = hoursOfPair({ checkIn: inAt, checkOut: outAt }, { startsAt: start, endsAt: end }, rule);
    const base = { volunteerId: r.volunteer_id, shiftId: r.shift_id, activityId: r.activity_id, orgId: r.org_id };
    const checkIn = { id: uuidv7(), clientScanId: uuidv7(), ...base, kind: 'in' as const, scannedAt: inAt, receivedAt: inAt };
    const checkOut = { id: uuidv7(), clientScanId: uuidv7(), ...base, kind: 'out' as const, scannedAt: outAt, receivedAt: outAt };
    scans.push(checkIn, checkOut);
    entries.push({
      id: uuidv7(),
      ...base,
      source: 'tracked',
      serviceDate: chinaToday(start),
      ...h,
      checkInScanId: checkIn.id,
      checkOutScanId: checkOut.id,
      createdAt: outAt,
    });
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < scans.length; i += 1000) await tx.insert(volunteerScan).values(scans.slice(i, i + 1000));
    for (let i = 0; i < entries.length; i += 1000) {
      const batch = entries.slice(i, i + 1000);
      await tx.insert(hourEntry).values(batch);
      await addToRollup(
        tx,
        batch.map((e) => ({ volunteerId: e.volunteerId, orgId: e.orgId, serviceDate: e.serviceDate, source: 'tracked' as const, minutes: e.minutes })),
      );
    }
  });
  return { entries: entries.length };
}
