import { containsPattern } from '../../db/like.ts';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { ownedBy, type EntityResolver } from '../../platform/access/entities.ts';
import { isRole, rolePermissions, type Role } from '../../platform/access/roles.ts';
import { listScope, orgForWrite, permissionsAt, requireInScope, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { account, session } from '../../platform/auth/auth.schema.ts';
import { checkPasswordStrength, hashPassword } from '../../platform/auth/password.ts';
import { forgetUsername } from '../../platform/auth/throttle.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { accountsErrors } from './accounts.errors.ts';

type AccountRow = typeof account.$inferSelect;

/** The account rows an actor may see: home org inside its account.read scope. */
export async function listAccounts(db: Db, actor: Actor, q: { q?: string; status?: 'active' | 'disabled'; after: string | null; limit: number }) {
  const scope = await listScope(db, actor, 'account.read');
  const conds: SQL[] = [scope.where(org.path)];
  if (q.q) {
    const like = containsPattern(q.q);
    conds.push(sql`(${account.username} ilike ${like} or ${account.displayName} ilike ${like})`);
  }
  if (q.status) conds.push(eq(account.status, q.status));
  if (q.after) conds.push(sql`${account.id} > ${q.after}`);
  const rows = await db
    .select({ a: account, orgName: org.name })
    .from(account)
    .innerJoin(org, eq(org.id, account.orgId))
    .where(and(...conds))
    .orderBy(asc(account.id))
    .limit(q.limit + 1);
  const grants = await grantsOf(
    db,
    rows.map((r) => r.a.id),
  );
  return rows.map((r) => ({ ...r, grants: grants.filter((g) => g.accountId === r.a.id) }));
}

export async function grantsOf(db: DbOrTx, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .select({ id: accessGrant.id, accountId: accessGrant.accountId, role: accessGrant.role, orgId: accessGrant.orgId, orgName: org.name, path: org.path })
    .from(accessGrant)
    .innerJoin(org, eq(org.id, accessGrant.orgId))
    .where(and(inArray(accessGrant.accountId, accountIds), eq(accessGrant.status, 'active')))
    .orderBy(asc(accessGrant.createdAt));
}

async function manageable(tx: DbOrTx, actor: Actor, id: string): Promise<AccountRow & { path: string }> {
  const { row, path } = await rowInScope(tx, actor, 'account.manage', account, id, 'account');
  return { ...row, path };
}

/**
 * Password resets and status changes act on everything the account can reach: refused when the
 * account holds a grant beyond the actor's own permissions (else a county admin could take over
 * a superior whose home org lies in the county).
 */
async function assertNotAbove(tx: DbOrTx, actor: Actor, accountId: string): Promise<void> {
  for (const g of await grantsOf(tx, [accountId])) {
    const held = permissionsAt(actor, g.path);
    if (!isRole(g.role) || rolePermissions[g.role].some((p) => !held.has(p))) throw accountsErrors.grants_beyond_own('id');
  }
}

/** 3–50 letters, digits, _ . or - (accounts made by an admin and self-service sign-ups alike). */
export function validateUsername(username: string): string {
  const u = username.trim();
  if (!/^[A-Za-z0-9_.-]{3,50}$/.test(u)) {
    throw accountsErrors.invalid('username', { 'zh-CN': '3–50 位字母、数字、下划线、点或横线', 'en-US': '3–50 letters, digits, _ . or -' });
  }
  return u;
}

/** An active org, for the CLI (no acting account, so no scope). */
async function activeOrg(tx: DbOrTx, orgId: number, field: string): Promise<OrgRow> {
  const o = await findOrg(tx, orgId);
  if (!o) throw errors.notFound('org');
  if (o.status !== 'active') throw errors.orgInactive(field);
  return o;
}

/** Adds a grant: only inside the actor's own scope, and never more than the actor holds there. */
async function insertGrant(tx: DbOrTx, actor: Actor | null, accountId: string, role: string, orgId: number, field = 'orgId') {
  if (!isRole(role)) throw accountsErrors.invalid('role', { 'zh-CN': '未知角色', 'en-US': 'unknown role' });
  const o = actor ? await orgForWrite(tx, actor, 'account.manage', orgId, { field }) : await activeOrg(tx, orgId, field);
  if (actor) {
    const held = permissionsAt(actor, o.path);
    const missing = rolePermissions[role].filter((p) => !held.has(p));
    if (missing.length > 0) throw accountsErrors.role_beyond_own('role', { missing: missing.join(', ') });
  }
  const [dup] = await tx
    .select({ id: accessGrant.id })
    .from(accessGrant)
    .where(and(eq(accessGrant.accountId, accountId), eq(accessGrant.role, role), eq(accessGrant.orgId, orgId), eq(accessGrant.status, 'active')));
  if (dup) throw accountsErrors.conflict('role', `${role}@${o.name}`);
  const id = uuidv7();
  await tx.insert(accessGrant).values({ id, accountId, role, orgId, createdBy: actor?.accountId ?? null });
  await audit(tx, actor, { action: 'grant.created', entity: 'grant', entityId: id, orgId: o.id, orgPath: o.path, after: { accountId, role, orgId } });
  return { id, role: role as Role, orgId, orgName: o.name };
}

export type NewAccount = {
  username: string;
  displayName: string;
  orgId: number;
  password: string;
  role: string;
  grantOrgId: number;
  mustChangePassword?: boolean;
};

export async function createAccount(db: Db, actor: Actor | null, input: NewAccount): Promise<AccountRow> {
  const username = validateUsername(input.username);
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 50) throw accountsErrors.invalid('displayName', { 'zh-CN': '须为 1–50 个字', 'en-US': 'must be 1–50 characters' });
  checkPasswordStrength(input.password, 'password', [username, displayName]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const found = await findOrg(tx, input.orgId);
    const home = actor ? requireInScope(actor, 'account.manage', found, 'org') : found;
    if (!home) throw errors.notFound('org');
    const [dup] = await tx.select({ id: account.id }).from(account).where(sql`lower(${account.username}) = lower(${username})`);
    if (dup) throw accountsErrors.conflict('username', username);
    const id = uuidv7();
    const [row] = await tx
      .insert(account)
      .values({ id, username, displayName, orgId: home.id, passwordHash, mustChangePassword: input.mustChangePassword ?? actor !== null })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: 'account.created',
      entity: 'account',
      entityId: id,
      orgId: home.id,
      orgPath: home.path,
      after: { username, displayName, orgId: home.id },
    });
    await insertGrant(tx, actor, id, input.role, input.grantOrgId, 'grantOrgId');
    return row;
  });
}

export async function getAccount(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select({ a: account, orgName: org.name, path: org.path })
    .from(account)
    .innerJoin(org, eq(org.id, account.orgId))
    .where(eq(account.id, id));
  return { ...requireInScope(actor, 'account.read', row, 'account'), grants: await grantsOf(db, [id]) };
}

export async function updateAccount(db: Db, actor: Actor, id: string, patch: { displayName?: string; status?: 'active' | 'disabled' }) {
  return db.transaction(async (tx) => {
    const before = await manageable(tx, actor, id);
    if (patch.status !== undefined && patch.status !== before.status) await assertNotAbove(tx, actor, id);
    if (patch.status === 'disabled' && id === actor.accountId) throw accountsErrors.disable_self('status');
    const displayName = patch.displayName?.trim();
    if (displayName !== undefined && (!displayName || displayName.length > 50)) {
      throw accountsErrors.invalid('displayName', { 'zh-CN': '须为 1–50 个字', 'en-US': 'must be 1–50 characters' });
    }
    const [after] = await tx
      .update(account)
      .set({ displayName: displayName ?? before.displayName, status: patch.status ?? before.status, updatedAt: new Date() })
      .where(eq(account.id, id))
      .returning();
    if (patch.status === 'disabled') await endSessions(tx, id);
    await audit(tx, actor, {
      action: 'account.updated',
      entity: 'account',
      entityId: id,
      orgId: before.orgId,
      orgPath: before.path,
      before: { displayName: before.displayName, status: before.status },
      after: { displayName: after?.displayName, status: after?.status },
    });
  });
}

async function endSessions(tx: DbOrTx, accountId: string): Promise<void> {
  await tx
    .update(session)
    .set({ revokedAt: new Date() })
    .where(and(eq(session.accountId, accountId), isNull(session.revokedAt)));
}

export async function addGrant(db: Db, actor: Actor, accountId: string, role: string, orgId: number) {
  return db.transaction(async (tx) => {
    await manageable(tx, actor, accountId);
    return insertGrant(tx, actor, accountId, role, orgId);
  });
}

export async function revokeGrant(db: Db, actor: Actor, accountId: string, grantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await manageable(tx, actor, accountId);
    const [found] = await tx
      .select({ g: accessGrant, path: org.path })
      .from(accessGrant)
      .innerJoin(org, eq(org.id, accessGrant.orgId))
      .where(and(eq(accessGrant.id, grantId), eq(accessGrant.accountId, accountId), eq(accessGrant.status, 'active')));
    const g = requireInScope(actor, 'account.manage', found, 'grant');
    if (accountId === actor.accountId) throw accountsErrors.revoke_own_grant('grantId');
    await tx.update(accessGrant).set({ status: 'revoked', revokedAt: new Date(), revokedBy: actor.accountId }).where(eq(accessGrant.id, grantId));
    await audit(tx, actor, {
      action: 'grant.revoked',
      entity: 'grant',
      entityId: grantId,
      orgId: g.g.orgId,
      orgPath: g.path,
      before: { role: g.g.role, orgId: g.g.orgId },
    });
  });
}

export async function resetPassword(db: Db, actor: Actor, accountId: string, password: string): Promise<void> {
  // Judged against the account's own names; hashed before the transaction (argon2 takes a while).
  const [named] = await db.select({ username: account.username, displayName: account.displayName }).from(account).where(eq(account.id, accountId));
  checkPasswordStrength(password, 'password', [named?.username, named?.displayName]);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const a = await manageable(tx, actor, accountId);
    await assertNotAbove(tx, actor, accountId);
    await tx
      .update(account)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(account.id, accountId));
    await endSessions(tx, accountId);
    // The owner's failed guesses at the old password no longer hold back the new one.
    await forgetUsername(tx, a.username);
    await audit(tx, actor, { action: 'account.password_reset', entity: 'account', entityId: accountId, orgId: a.orgId, orgPath: a.path });
  });
}

/** For the CLI: an administrator of a deployment, without an acting account. */
export async function createAdmin(db: Db, input: { username: string; displayName: string; password: string; orgId: number; role?: Role }) {
  return createAccount(db, null, { ...input, role: input.role ?? 'platform_admin', grantOrgId: input.orgId, mustChangePassword: false });
}

/** Routes name accounts and grants by id: the path of the account's home org, or of the granted org. */
export const accountsEntities: Record<string, EntityResolver> = {
  account: ownedBy(account),
  grant: ownedBy(accessGrant),
};
