import { ownedBy, uuidPattern, type EntityResolver } from '../../platform/access/entities.ts';
import { branchReview, duesEntry, memberReminder, memberRemoval } from './member-life.schema.ts';
import { transferRequestPaths } from './transfers.requests.ts';
import { transferPaths } from './transfers.service.ts';

/** The entities member-life routes name in `config.access.entity`: id → the owning org path(s). */
export const memberLifeEntities: Record<string, EntityResolver> = {
  // Either side of a transfer may see it.
  transfer: async (db, id) => (uuidPattern.test(id) ? transferPaths(db, id) : null),
  // The requester, and the member's side once a member matches (never the requester through it).
  transferRequest: async (db, id) => (uuidPattern.test(id) ? transferRequestPaths(db, id) : null),
  duesEntry: ownedBy(duesEntry, { id: 'int' }),
  review: ownedBy(branchReview),
  removal: ownedBy(memberRemoval),
  reminder: ownedBy(memberReminder),
};
