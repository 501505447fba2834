import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { member } from '../members/index.ts';
import { person } from '../people/index.ts';
import { studyEpisode } from './study.schema.ts';

/** A study issue published by an org, inserted directly: the id the route walker needs in and out of scope. */
export async function studyFixtures(db: Db, ownerOrgId: number): Promise<Record<string, string>> {
  const id = uuidv7();
  await db.insert(studyEpisode).values({ id, ownerOrgId, number: `2025年第${ownerOrgId}期`, title: '测试期', startsOn: '2025-03-03', endsOn: '2025-03-09' });
  return { studyEpisode: id };
}

let seq = 0;

/**
 * An active member of a branch (with a person, unless `personId` names one), inserted directly:
 * test data only, the members module owns the rules.
 */
export async function buildStudyMember(db: Db, orgId: number, o: { name?: string; admittedOn?: string; personId?: string } = {}) {
  seq++;
  const personId = o.personId ?? uuidv7();
  if (!o.personId) await db.insert(person).values({ id: personId, orgId, name: o.name ?? `学员${seq}`, gender: seq % 2 ? 'M' : 'F', birthDate: '2000-06-15' });
  const [row] = await db
    .insert(member)
    .values({ id: uuidv7(), personId, orgId, admittedOn: o.admittedOn ?? '2016-05-04' })
    .returning();
  if (!row) throw new Error('member insert failed');
  return row;
}
