import type { Db } from '../../db/client.ts';
import type { Permission } from '../../platform/access/roles.ts';
import { can, scopeOf, type Actor } from '../../platform/access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { findOrg } from '../orgs/index.ts';

/**
 * The subtrees a list reads: the given org's (404 when the caller may not see it) or the
 * caller's whole scope for the permission.
 */
export async function subtreesFor(db: Db, actor: Actor, permission: Permission, orgId?: number): Promise<string[]> {
  if (orgId === undefined) return scopeOf(actor, permission);
  const o = await findOrg(db, orgId);
  if (!o || !can(actor, permission, o.path)) throw errors.notFound('org');
  return [o.path];
}
