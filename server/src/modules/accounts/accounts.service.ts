import { containsPattern } from '../../db/like.ts';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { isRole, rolePermissions, type Role } from '../../platform/access/roles.ts';
import { can, inScope, permissionsAt, scopeOf, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { account, session } from '../../platform/auth/auth.schema.ts';
import { checkPasswordStrength, hashPassword } from '../../platform/auth/password.ts';
import { errors, registerFieldLabels, registerUniqueField } from '../../platform/errors.ts';
import { findOrg } from '../orgs/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';

registerUniqueField('account_username_uq', 'username');
registerFieldLabels({
  username: { 'zh-CN': '用户名', 'en-US': 'Username' },
  displayName: { 'zh-CN': '姓名', 'en-US': 'Display name' },
  password: { 'zh-CN': '密码', 'en-US': 'Password' },
  role: { 'zh-CN': '角色', 'en-US': 'Role' },
  grantOrgId: { 'zh-CN': '授权组织', 'en-US': 'Grant org' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
});

type AccountRow = typeof account.$inferSelect;

/** The account rows an actor may see: home org inside its account.read scope. */
export async function listAccounts(db: Db, actor: Actor, q: { q?: string; status?: 'active' | 'disabled'; after: string | null; limit: number }) {
  const conds: SQL[] = [inScope(org.path, scopeOf(actor, 'account.read'))];
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
  const [row] = await tx.select({ a: account, path: org.path }).from(account).innerJoin(org, eq(org.id, account.orgId)).where(eq(account.id, id));
  if (!row || !can(actor, 'account.manage', row.path)) throw errors.notFound('account');
  return { ...row.a, path: row.path };
}

/**
 * Password resets and status changes act on everything the account can reach: refused when the
 * account holds a grant beyond the actor's own permissions (else a county admin could take over
 * a superior whose home org lies in the county).
 */
async function assertNotAbove(tx: DbOrTx, actor: Actor, accountId: string): Promise<void> {
  for (const g of await grantsOf(tx, [accountId])) {
    const held = permissionsAt(actor, g.path);
    if (!isRole(g.role) || rolePermissions[g.role].some((p) => !held.has(p))) {
      throw errors.rule('id', {
        'zh-CN': '该账号拥有超出您权限的授权，只能由更上级的管理员操作',
        'en-US': 'this account holds grants beyond yours; an administrator above you must do this',
      });
    }
  }
}

function validateUsername(username: string): string {
  const u = username.trim();
  if (!/^[A-Za-z0-9_.-]{3,50}$/.test(u)) {
    throw errors.invalid('username', { 'zh-CN': '3–50 位字母、数字、下划线、点或横线', 'en-US': '3–50 letters, digits, _ . or -' });
  }
  return u;
}

/** Adds a grant: only inside the actor's own scope, and never more than the actor holds there. */
async function insertGrant(tx: DbOrTx, actor: Actor | null, accountId: string, role: string, orgId: number, field = 'orgId') {
  if (!isRole(role)) throw errors.invalid('role', { 'zh-CN': '未知角色', 'en-US': 'unknown role' });
  const o = await findOrg(tx, orgId);
  if (actor) {
    if (!o || !can(actor, 'account.manage', o.path)) throw errors.notFound('org');
    const held = permissionsAt(actor, o.path);
    const missing = rolePermissions[role].filter((p) => !held.has(p));
    if (missing.length > 0) {
      throw errors.rule('role', {
        'zh-CN': `不能授予超出自身权限的角色（缺少 ${missing.join(', ')}）`,
        'en-US': `cannot grant more than you hold (missing ${missing.join(', ')})`,
      });
    }
  }
  if (!o) throw errors.notFound('org');
  if (o.status !== 'active') throw errors.rule(field, { 'zh-CN': '组织已撤销或合并', 'en-US': 'the org is closed or merged' });
  const [dup] = await tx
    .select({ id: accessGrant.id })
    .from(accessGrant)
    .where(and(eq(accessGrant.accountId, accountId), eq(accessGrant.role, role), eq(accessGrant.orgId, orgId), eq(accessGrant.status, 'active')));
  if (dup) throw errors.conflict('role', `${role}@${o.name}`);
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
  if (!displayName || displayName.length > 50) throw errors.invalid('displayName', { 'zh-CN': '须为 1–50 个字', 'en-US': 'must be 1–50 characters' });
  checkPasswordStrength(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const home = await findOrg(tx, input.orgId);
    if (!home || (actor && !can(actor, 'account.manage', home.path))) throw errors.notFound('org');
    const [dup] = await tx.select({ id: account.id }).from(account).where(sql`lower(${account.username}) = lower(${username})`);
    if (dup) throw errors.conflict('username', username);
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
  if (!row || !can(actor, 'account.read', row.path)) throw errors.notFound('account');
  return { ...row, grants: await grantsOf(db, [id]) };
}

export async function updateAccount(db: Db, actor: Actor, id: string, patch: { displayName?: string; status?: 'active' | 'disabled' }) {
  return db.transaction(async (tx) => {
    const before = await manageable(tx, actor, id);
    if (patch.status !== undefined && patch.status !== before.status) await assertNotAbove(tx, actor, id);
    if (patch.status === 'disabled' && id === actor.accountId) {
      throw errors.rule('status', { 'zh-CN': '不能停用自己的账号', 'en-US': 'you cannot disable your own account' });
    }
    const displayName = patch.displayName?.trim();
    if (displayName !== undefined && (!displayName || displayName.length > 50)) {
      throw errors.invalid('displayName', { 'zh-CN': '须为 1–50 个字', 'en-US': 'must be 1–50 characters' });
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
    const [g] = await tx
      .select({ g: accessGrant, path: org.path })
      .from(accessGrant)
      .innerJoin(org, eq(org.id, accessGrant.orgId))
      .where(and(eq(accessGrant.id, grantId), eq(accessGrant.accountId, accountId), eq(accessGrant.status, 'active')));
    if (!g || !can(actor, 'account.manage', g.path)) throw errors.notFound('grant');
    if (accountId === actor.accountId) {
      throw errors.rule('grantId', {
        'zh-CN': '不能撤销自己的授权，请由上级管理员操作',
        'en-US': 'you cannot revoke your own grant; ask an administrator above you',
      });
    }
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
  checkPasswordStrength(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const a = await manageable(tx, actor, accountId);
    await assertNotAbove(tx, actor, accountId);
    await tx
      .update(account)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(account.id, accountId));
    await endSessions(tx, accountId);
    await audit(tx, actor, { action: 'account.password_reset', entity: 'account', entityId: accountId, orgId: a.orgId, orgPath: a.path });
  });
}

/** For the CLI: an administrator of a deployment, without an acting account. */
export async function createAdmin(db: Db, input: { username: string; displayName: string; password: string; orgId: number; role?: Role }) {
  return createAccount(db, null, { ...input, role: input.role ?? 'platform_admin', grantOrgId: input.orgId, mustChangePassword: false });
}
