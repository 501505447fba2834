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
import { accountLinkPending, person, presentPerson, requestLink, sensitiveColumns, validatePerson } from '../people/index.ts';
import { accountsErrors } from './accounts.errors.ts';
import { validateUsername } from './accounts.service.ts';

export type SignupInput = { username: string; password: string; name: string; idNumber: string; phone?: string | null; orgId: number };

export type SignupResult = { accountId: string; personId: string | null; status: 'active' | 'pending_link' };

/**
 * Self-service sign-up on the phone (members applying, volunteers registering): real-name, so
 * the ID number is required. A new ID number makes the person; one the league already keeps is
 * never linked on the caller's word: the account is made without a person ('pending_link') and a
 * link request goes to the keeping org, which accepts or declines. The answer says nothing of the
 * person (name, org, whether someone claimed them). The account has no grants, only its own things.
 */
export async function signup(db: Db, pii: Pii, input: SignupInput, req: { requestId: string; ip: string }): Promise<SignupResult> {
  const username = validateUsername(input.username);
  checkPasswordStrength(input.password, 'password', [username, input.name, input.phone]);
  if (!input.idNumber) throw accountsErrors.invalid('idNumber', { 'zh-CN': '实名注册须填写身份证号', 'en-US': 'required for real-name registration' });
  const v = validatePerson({ name: input.name, idNumber: input.idNumber, phone: input.phone ?? null });
  const idNumber = v.idNumber ?? '';
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const o = await findOrg(tx, input.orgId);
    if (!o || o.status !== 'active') throw errors.notFound('org');
    const [taken] = await tx.select({ id: account.id }).from(account).where(sql`lower(${account.username}) = lower(${username})`);
    if (taken) throw accountsErrors.conflict('username', username);
    const [existing] = await tx
      .select({ id: person.id })
      .from(person)
      .where(eq(person.idNumberHash, pii.hash('id', idNumber)));
    let personId: string | null = null;
    if (!existing) {
      personId = uuidv7();
      await tx
        .insert(person)
        .values({ id: personId, orgId: o.id, name: v.name, gender: v.gender, birthDate: v.birthDate, ...sensitiveColumns(pii, v.idNumber, v.phone) });
    }
    const id = uuidv7();
    await tx.insert(account).values({ id, username, displayName: v.name, orgId: o.id, personId, passwordHash });
    const actor = { accountId: id, username, requestId: req.requestId, ip: req.ip };
    const status = existing ? 'pending_link' : 'active';
    await audit(tx, actor, {
      action: 'account.signed_up',
      entity: 'account',
      entityId: id,
      orgId: o.id,
      orgPath: o.path,
      after: { username, personId, status },
    });
    if (existing) await requestLink(tx, pii, actor, { purpose: 'account', orgId: o.id, idNumber, typedName: v.name, requestedBy: id });
    return { accountId: id, personId, status };
  });
}

/** The signed-in person's own record (masked), for the phone pages, and whether its link waits for the keeping org. */
export async function selfProfile(db: Db, actor: Actor) {
  const [row] = await db.select({ p: person }).from(account).innerJoin(person, eq(person.id, account.personId)).where(eq(account.id, actor.accountId));
  return { person: row ? presentPerson(row.p) : null, linkPending: row ? false : await accountLinkPending(db, actor.accountId) };
}

/** The person behind an account, or a clear error when the account is not a person's own. */
export async function personOf(db: Db, actor: Actor): Promise<string> {
  const [row] = await db.select({ personId: account.personId }).from(account).where(eq(account.id, actor.accountId));
  if (!row?.personId) throw accountsErrors.no_person('personId');
  return row.personId;
}
