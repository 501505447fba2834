import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { importRun } from './imports.schema.ts';

/** A finished member import run owned by an org, started by another account: for the route walker. */
export async function importFixtures(db: Db, orgId: number): Promise<{ importRun: string }> {
  const id = uuidv7();
  await db.insert(importRun).values({
    id,
    kind: 'members',
    orgId,
    accountId: uuidv7(),
    permission: 'member.write',
    fileName: 'fixture.xlsx',
    fileBytes: 1,
    status: 'done',
    progress: { phase: 'finished', done: 1, total: 1 },
    result: { created: 1, peopleReused: 0 },
    instance: 'fixture',
    finishedAt: new Date(),
  });
  return { importRun: id };
}
