import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { studyEpisode } from './study.schema.ts';

/** A study issue published by an org, inserted directly: the id the route walker needs in and out of scope. */
export async function studyFixtures(db: Db, ownerOrgId: number): Promise<Record<string, string>> {
  const id = uuidv7();
  await db.insert(studyEpisode).values({ id, ownerOrgId, number: `2025年第${ownerOrgId}期`, title: '测试期', startsOn: '2025-03-03', endsOn: '2025-03-09' });
  return { studyEpisode: id };
}
