// Test data for org-life: the route walker's fixtures. People and members come from the cadres
// factories (re-exported here for the tests that import them from this file).
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { buildCadre, buildPerson } from '../../test/cadres.factories.ts';
import { branchRating, meeting, orglifeFile } from './org-life.schema.ts';

export { buildMember, buildMembers, buildPerson } from '../../test/cadres.factories.ts';

/** One row of each entity of org-life and cadres, owned by the given branch: for the route walker. */
export async function orgLifeFixtures(db: Db, branchId: number) {
  const p = await buildPerson(db, branchId);
  const ids = { cadre: await buildCadre(db, branchId, p.id), meeting: uuidv7(), orglifeFile: uuidv7(), rating: uuidv7() };
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
