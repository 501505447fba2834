import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { createTestDatabase } from '../test/harness.ts';
import { addDays, birthdayAt } from './dates.ts';
import { leavingDay, maxMemberAge, minJoinAge, sqlAgeAtLeast, sqlBirthdayAt } from './league.ts';

let d: Database;
beforeAll(async () => {
  d = await createTestDatabase();
});
afterAll(async () => d?.close());

describe('league rules, stated once', () => {
  it('joins from 14 and leaves at 28', () => {
    expect([minJoinAge, maxMemberAge]).toEqual([14, 28]);
    expect(leavingDay('1999-02-28')).toBe('2027-02-28');
    expect(leavingDay('2000-02-29')).toBe('2028-02-29');
    expect(leavingDay('2001-02-28')).toBe('2029-02-28');
    expect(leavingDay('2004-02-29')).toBe('2032-02-29');
    expect(leavingDay('2001-03-01')).toBe('2029-03-01');
  });

  it('the SQL birthday is the same day as birthdayAt, 29 February included (on this database)', async () => {
    const births = ['2000-02-29', '2004-02-29', '1999-02-28', '2001-03-01', '2000-12-31', '2012-01-01'];
    for (const birth of births) {
      for (const years of [minJoinAge, 18, 27, maxMemberAge]) {
        const { rows } = await d.db.execute<{ day: string; reached: boolean; before: boolean }>(
          sql`select ${sqlBirthdayAt(sql`${birth}::date`, years)}::text as day,
                     ${sqlAgeAtLeast(sql`${birth}::date`, years, birthdayAt(birth, years))} as reached,
                     ${sqlAgeAtLeast(sql`${birth}::date`, years, addDays(birthdayAt(birth, years), -1))} as before`,
        );
        expect(rows[0], `${birth} + ${years}`).toEqual({ day: birthdayAt(birth, years), reached: true, before: false });
      }
    }
  });
});
