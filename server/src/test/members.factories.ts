// Test data of the members module, for its own tests and other modules' (test files may import
// another module's factories).
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { person } from '../modules/people/index.ts';
import { member, type DuesCategory } from '../modules/members/index.ts';

let seq = 0;

/** A person and their active membership in a branch, inserted directly (test data only). */
export async function buildMember(
  db: Db,
  orgId: number,
  o: {
    name?: string;
    birthDate?: string;
    admittedOn?: string;
    duesCategory?: DuesCategory;
    monthlyIncomeFen?: number | null;
    leaguePost?: string | null;
    personId?: string;
  } = {},
) {
  seq++;
  const personId = o.personId ?? uuidv7();
  if (!o.personId) {
    await db.insert(person).values({ id: personId, orgId, name: o.name ?? `团员${seq}`, gender: seq % 2 ? 'M' : 'F', birthDate: o.birthDate ?? '2000-06-15' });
  }
  const id = uuidv7();
  const [row] = await db
    .insert(member)
    .values({
      id,
      personId,
      orgId,
      admittedOn: o.admittedOn ?? '2016-05-04',
      duesCategory: o.duesCategory ?? 'student',
      monthlyIncomeFen: o.monthlyIncomeFen ?? null,
      leaguePost: o.leaguePost ?? null,
    })
    .returning();
  if (!row) throw new Error('member insert failed');
  return row;
}
