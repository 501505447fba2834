import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { cadre } from '../cadres/index.ts';
import { member } from '../members/index.ts';
import { branchRating, meeting, orglifeFile } from './org-life.schema.ts';
import { person } from '../people/index.ts';

let seq = 0;

/** A person row for tests, straight into the table (no ID number: nothing to encrypt). */
export async function buildPerson(
  db: Db,
  orgId: number,
  o: { name?: string; birthDate?: string; education?: string | null; politicalStatus?: string | null; gender?: 'M' | 'F' } = {},
) {
  seq += 1;
  const [row] = await db
    .insert(person)
    .values({
      id: uuidv7(),
      orgId,
      name: o.name ?? `测试人员${seq}`,
      gender: o.gender ?? (seq % 2 ? 'M' : 'F'),
      birthDate: o.birthDate ?? '2000-05-01',
      education: o.education ?? null,
      politicalStatus: o.politicalStatus ?? null,
    })
    .returning();
  if (!row) throw new Error('insert failed');
  return row;
}

/** An active member of a branch (with its person), inserted directly: the members module owns the rules. */
export async function buildMember(db: Db, orgId: number, o: { admittedOn?: string; status?: 'active' | 'left'; leftOn?: string } = {}) {
  const p = await buildPerson(db, orgId);
  const [row] = await db
    .insert(member)
    .values({ id: uuidv7(), personId: p.id, orgId, admittedOn: o.admittedOn ?? '2015-05-04', status: o.status ?? 'active', leftOn: o.leftOn ?? null })
    .returning();
  if (!row) throw new Error('insert failed');
  return { ...row, person: p };
}

export async function buildMembers(db: Db, orgId: number, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await buildMember(db, orgId));
  return out;
}

/** One row of each entity this area registers, owned by the given branch: for the route walker. */
export async function orgLifeFixtures(db: Db, branchId: number) {
  const p = await buildPerson(db, branchId);
  const ids = { cadre: uuidv7(), meeting: uuidv7(), orglifeFile: uuidv7(), rating: uuidv7() };
  await db.insert(cadre).values({ id: ids.cadre, personId: p.id, orgId: branchId, post: 'member', kind: 'part_time', termStart: '2023-01-01' });
  await db.insert(meeting).values({ id: ids.meeting, orgId: branchId, kind: 'general_meeting', heldOn: '2024-03-01', topic: '路由测试' });
  await db.insert(orglifeFile).values({
    id: ids.orglifeFile,
    orgId: branchId,
    ownerKind: 'meeting',
    ownerId: ids.meeting,
    fileName: 'a.pdf',
    contentType: 'application/pdf',
    size: 9,
    data: Buffer.from('%PDF-1.4\n'),
  });
  await db.insert(branchRating).values({ id: ids.rating, orgId: branchId, year: 2024, state: 'draft', indicators: [], selfScore: 0, selfGrade: 'weak' });
  return ids;
}
