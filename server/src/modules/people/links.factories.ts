// Test data for link requests: a row written directly (the rules are tested through the API).
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { personLinkRequest } from './people.schema.ts';

/** An open request about `personId` from `requestingOrgId`: `personLink` resolves to the person's keeper. */
export async function linkFixtures(db: Db, personId: string, requestingOrgId: number): Promise<{ personLink: string }> {
  const id = uuidv7();
  await db.insert(personLinkRequest).values({
    id,
    personId,
    orgId: requestingOrgId,
    requestedBy: uuidv7(),
    purpose: 'volunteer',
    typedName: '某某',
    idNumberMasked: '4304**********0000',
    payload: {},
    requestedOn: '2025-01-01',
    expiresOn: '2099-01-01',
  });
  return { personLink: id };
}
