import { and, eq, inArray, sql, type Column } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { rolePermissions } from '../../platform/access/roles.ts';
import { account } from '../../platform/auth/auth.schema.ts';

/** Who tells a request apart when no one is signed in: the request id and address, for the audit. */
export type Anonymous = { requestId: string; ip: string };

/** No account acts on a public page: the audit event keeps the request and address instead. */
export const publicTrace = (a: Anonymous) => ({ via: 'public', requestId: a.requestId, ip: a.ip });

const writerRoles = Object.entries(rolePermissions)
  .filter(([, ps]) => ps.includes('service.write'))
  .map(([r]) => r);

/** Accounts that act for an org: an active grant on it whose role may write youth services. */
export async function serviceAccountsOf(db: DbOrTx, orgId: number): Promise<string[]> {
  const rows = await db
    .select({ id: accessGrant.accountId })
    .from(accessGrant)
    .innerJoin(account, eq(account.id, accessGrant.accountId))
    .where(and(eq(accessGrant.orgId, orgId), eq(accessGrant.status, 'active'), eq(account.status, 'active'), inArray(accessGrant.role, writerRoles)));
  return [...new Set(rows.map((r) => r.id))];
}

/** A timestamp as a keyset cursor keeps it: to the microsecond, so no row between two pages is skipped. */
export const tsKey = (col: Column) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
