import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { checkPasswordStrength, hashPassword } from '../../platform/auth/password.ts';
import { errors } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import type { Pii } from '../../platform/pii.ts';
import { person, presentPerson, sensitiveColumns, validatePerson } from '../people/index.ts';
import { accountsErrors } from './accounts.errors.ts';
import { validateUsername } from './accounts.service.ts';

export type SignupInput = { username: string; password: string; name: string; idNumber: string; phone?: string | null; orgId: number };

/**
 * Self-service sign-up on the phone (members applying, volunteers registering): real-name, so
 * the ID number is required. A person the league already keeps is linked, when the name agrees
 * and nobody has claimed them yet; the account has no grants, only its own things.
 */
export async function signup(db: Db, pii: Pii, input: SignupInput, req: { requestId: string; ip: string }) {
  const username = validateUsername(input.username);
  checkPasswordStrength(input.password);
  if (!input.idNumber) throw accountsErrors.invalid('idNumber', { 'zh-CN': '实名注册须填写身份证号', 'en-US': 'required for real-name registration' });
  const v = validatePerson({ name: input.name, idNumber: input.idNumber, phone: input.phone ?? null });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const o = await findOrg(tx, input.orgId);
    if (!o || o.status !== 'active') throw errors.notFound('org');
    const [taken] = await tx.select({ id: account.id }).from(account).where(sql`lower(${account.username}) = lower(${username})`);
    if (taken) throw accountsErrors.conflict('username', username);
    const idHash = pii.hash('id', v.idNumber ?? '');
    const [existing] = await tx.select().from(person).where(eq(person.idNumberHash, idHash));
    let personId: string;
    if (existing) {
      const [claimed] = await tx.select({ id: account.id }).from(account).where(eq(account.personId, existing.id));
      if (claimed || existing.name !== v.name) throw accountsErrors.conflict('idNumber', existing.idNumberMasked ?? '');
      personId = existing.id;
    } else {
      personId = uuidv7();
      await tx
        .insert(person)
        .values({ id: personId, orgId: o.id, name: v.name, gender: v.gender, birthDate: v.birthDate, ...sensitiveColumns(pii, v.idNumber, v.phone) });
    }
    const id = uuidv7();
    await tx.insert(account).values({ id, username, displayName: v.name, orgId: o.id, personId, passwordHash });
    const actor = { accountId: id, username, requestId: req.requestId, ip: req.ip };
    await audit(tx, actor, {
      action: 'account.signed_up',
      entity: 'account',
      entityId: id,
      orgId: o.id,
      orgPath: o.path,
      after: { username, personId, linked: Boolean(existing) },
    });
    return { accountId: id, personId };
  });
}

/** The signed-in person's own record (masked), for the phone pages. */
export async function selfProfile(db: Db, actor: Actor) {
  const [row] = await db.select({ p: person }).from(account).innerJoin(person, eq(person.id, account.personId)).where(eq(account.id, actor.accountId));
  return row ? presentPerson(row.p) : null;
}

/** The person behind an account, or a clear error when the account is not a person's own. */
export async function personOf(db: Db, actor: Actor): Promise<string> {
  const [row] = await db.select({ personId: account.personId }).from(account).where(eq(account.id, actor.accountId));
  if (!row?.personId) throw accountsErrors.no_person('personId');
  return row.personId;
}
