import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { listScope, type Actor } from '../../platform/access/scope.ts';
import { ageOn } from '../../platform/dates.ts';
import { maxMemberAge, minJoinAge } from '../../platform/league.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchKinds } from '../../platform/org-tree/org-tree.ts';
import { exampleErrors } from './example.errors.ts';

/** Active branches in the caller's scope (or in one org's subtree), keyset-paged by id. */
export async function listBranches(db: DbOrTx, actor: Actor, q: { orgId?: number; after: number; limit: number }) {
  const scope = await listScope(db, actor, 'org.read', q.orgId);
  return db
    .select({ id: org.id, name: org.name })
    .from(org)
    .where(and(scope.where(org.path), inArray(org.kind, branchKinds), eq(org.status, 'active'), gt(org.id, q.after)))
    .orderBy(asc(org.id))
    .limit(q.limit);
}

/** The league's age rule on a day, using the kernel's dates and rules (never restated here). */
export function checkLeagueAge(birthDate: string, on: string): { age: number } {
  const age = ageOn(birthDate, on);
  if (age < minJoinAge) throw exampleErrors.under_age('birthDate', { age: minJoinAge, on });
  if (age >= maxMemberAge) throw exampleErrors.over_age('birthDate', { age: maxMemberAge, on });
  return { age };
}
