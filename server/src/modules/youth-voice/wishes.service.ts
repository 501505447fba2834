import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { uuidPattern } from '../../platform/access/entities.ts';
import { can, listScope, orgForWrite, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { step } from '../../platform/workflow/workflow.ts';
import { notify } from '../notices/index.ts';
import { youthVoiceErrors as E } from './youth-voice.errors.ts';
import { maskName, phone, requiredText, text, wishWorkflow } from './youth-voice.rules.ts';
import { type AgeBand, type DonorKind, type SealedChild, type WishStatus, yvFile, yvWish } from './youth-voice.schema.ts';
import { type Anonymous, publicTrace, serviceAccountsOf, tsKey } from './youth-voice.common.ts';

export type WishInput = {
  wish: string;
  ageBand: AgeBand;
  area: string;
  child: { name: string; school: string; situation: string; guardianPhone: string };
};

export type WishRow = typeof yvWish.$inferSelect & { orgName: string; path: string };

export async function findWish(db: DbOrTx, id: string): Promise<WishRow | null> {
  if (!uuidPattern.test(id)) return null;
  const [r] = await db.select({ w: yvWish, orgName: org.name, path: org.path }).from(yvWish).innerJoin(org, eq(org.id, yvWish.orgId)).where(eq(yvWish.id, id));
  return r ? { ...r.w, orgName: r.orgName, path: r.path } : null;
}

async function lockWish(tx: DbOrTx, id: string): Promise<WishRow> {
  await tx.execute(sql`select id from yv_wish where id = ${id}::uuid for update`);
  const w = await findWish(tx, id);
  if (!w) throw errors.notFound('yvWish');
  return w;
}

/** The checked wish: public fields in clear, the child's data sealed. */
export function checkWish(pii: Pii, input: WishInput) {
  const wish = requiredText('wish', input.wish, 200, true);
  const area = requiredText('area', input.area, 50, true);
  const child: SealedChild = {
    name: requiredText('child.name', input.child?.name, 30, true),
    school: requiredText('child.school', input.child?.school, 100, true),
    situation: requiredText('child.situation', input.child?.situation, 1000),
    guardianPhone: phone('child.guardianPhone', input.child?.guardianPhone) as string,
  };
  return {
    wish,
    ageBand: input.ageBand,
    area,
    sealed: pii.encrypt(JSON.stringify(child)),
    childNameMasked: maskName(child.name),
    guardianPhoneMasked: maskPhone(child.guardianPhone),
  };
}

/** Inserts a checked wish in the caller's transaction; returns its id. */
export async function insertWish(
  tx: DbOrTx,
  pii: Pii,
  actor: Actor,
  input: WishInput & { orgId: number },
  o: { source: 'console' | 'question'; questionId?: string; orgPath: string },
): Promise<string> {
  const v = checkWish(pii, input);
  const id = uuidv7();
  await tx.insert(yvWish).values({ id, orgId: input.orgId, source: o.source, questionId: o.questionId ?? null, ...v, recordedBy: actor.accountId });
  await audit(tx, actor, {
    action: 'youth-voice.wish_recorded',
    entity: 'yvWish',
    entityId: id,
    orgId: input.orgId,
    orgPath: o.orgPath,
    after: { wish: v.wish, ageBand: v.ageBand, area: v.area, source: o.source },
  });
  return id;
}

/** A wish recorded in the console by a cadre or teacher: it waits for review like any other. */
export async function createWish(db: Db, pii: Pii, actor: Actor, input: WishInput & { orgId: number }): Promise<string> {
  const o = await orgForWrite(db, actor, 'service.write', input.orgId);
  checkWish(pii, input);
  return db.transaction((tx) => insertWish(tx, pii, actor, input, { source: 'console', orgPath: o.path }));
}

/**
 * A wish from the public form (a teacher, a village cadre, a parent): lands as submitted for
 * review, with who submitted it; the same `submitKey` twice answers the first.
 */
export async function submitPublicWish(
  db: Db,
  pii: Pii,
  input: WishInput & { orgId: number; submitterName: string; submitterPhone: string; submitKey?: string | null },
  who: Anonymous,
): Promise<{ id: string; status: WishStatus; created: boolean }> {
  const o = await findOrg(db, input.orgId);
  if (!o) throw errors.notFound('org');
  if (o.status !== 'active') throw errors.orgInactive('orgId');
  const v = checkWish(pii, input);
  const submitterName = requiredText('submitterName', input.submitterName, 30, true);
  const tel = phone('submitterPhone', input.submitterPhone) as string;
  const key = input.submitKey ?? null;
  const seen = async (tx: DbOrTx) => {
    const [s] = key ? await tx.select({ id: yvWish.id, status: yvWish.status }).from(yvWish).where(eq(yvWish.submitKey, key)) : [];
    return s ? { ...s, created: false } : null;
  };
  const before = await seen(db);
  if (before) return before;
  return db.transaction(async (tx) => {
    const id = uuidv7();
    const [row] = await tx
      .insert(yvWish)
      .values({
        id,
        orgId: o.id,
        source: 'public',
        ...v,
        submitterName,
        submitterPhone: pii.encrypt(tel),
        submitterPhoneMasked: maskPhone(tel),
        submitKey: key,
      })
      .onConflictDoNothing()
      .returning({ id: yvWish.id, status: yvWish.status });
    if (!row) {
      const s = await seen(tx);
      if (!s) throw new Error('wish vanished');
      return s;
    }
    await audit(tx, null, {
      action: 'youth-voice.wish_submitted',
      entity: 'yvWish',
      entityId: id,
      orgId: o.id,
      orgPath: o.path,
      after: { wish: v.wish, ...publicTrace(who) },
    });
    return { ...row, created: true };
  });
}

export type WishFilter = { orgId?: number; status?: WishStatus; ageBand?: AgeBand; q?: string; from?: string; to?: string };

export async function wishConds(db: DbOrTx, actor: Actor, f: WishFilter): Promise<SQL[]> {
  const scope = await listScope(db, actor, 'service.read', f.orgId);
  const conds: SQL[] = [scope.where(org.path)];
  if (f.status) conds.push(eq(yvWish.status, f.status));
  if (f.ageBand) conds.push(eq(yvWish.ageBand, f.ageBand));
  if (f.q?.trim()) conds.push(sql`(${yvWish.wish} ilike ${containsPattern(f.q.trim())} or ${yvWish.area} ilike ${containsPattern(f.q.trim())})`);
  if (f.from) conds.push(sql`${yvWish.createdAt} >= (${f.from}::date::timestamp at time zone 'Asia/Shanghai')`);
  if (f.to) conds.push(sql`${yvWish.createdAt} < ((${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`);
  return conds;
}

/** Newest first, keyset over (created_at, id). */
export async function listWishes(db: DbOrTx, conds: SQL[], o: { after: [string, string] | null; limit: number }) {
  return db
    .select({ w: yvWish, orgName: org.name, path: org.path, key: tsKey(yvWish.createdAt) })
    .from(yvWish)
    .innerJoin(org, eq(org.id, yvWish.orgId))
    .where(and(...conds, o.after ? sql`(${yvWish.createdAt}, ${yvWish.id}) < (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)` : undefined))
    .orderBy(sql`${yvWish.createdAt} desc, ${yvWish.id} desc`)
    .limit(o.limit);
}

/**
 * The child's data in full: for a supervisor of the wish's subtree or the account that recorded
 * it; every view is audited. (The route has already answered 404 out of scope.)
 */
export async function sealedView(
  db: Db,
  pii: Pii,
  actor: Actor,
  id: string,
): Promise<SealedChild & { donorPhone: string | null; submitterPhone: string | null }> {
  const w = await findWish(db, id);
  if (!w) throw errors.notFound('yvWish');
  if (!can(actor, 'service.supervise', w.path) && w.recordedBy !== actor.accountId) throw E.sealed_forbidden('id');
  const child = JSON.parse(pii.decrypt(w.sealed)) as SealedChild;
  await audit(db, actor, { action: 'youth-voice.wish_sealed_viewed', entity: 'yvWish', entityId: id, orgId: w.orgId, orgPath: w.path });
  return { ...child, donorPhone: w.donorPhone ? pii.decrypt(w.donorPhone) : null, submitterPhone: w.submitterPhone ? pii.decrypt(w.submitterPhone) : null };
}

const zhEn = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });

/** One move of the wish workflow on a locked row, with its step, audit and the columns it sets. */
async function move(
  db: Db,
  actor: Actor,
  id: string,
  action: 'approve' | 'reject' | 'publish',
  patch: Partial<typeof yvWish.$inferInsert>,
  comment?: string | null,
) {
  return db.transaction(async (tx) => {
    const w = await lockWish(tx, id);
    const to = await step(tx, actor, wishWorkflow, w.status, { entityId: id, orgId: w.orgId, action, comment });
    await tx
      .update(yvWish)
      .set({ ...patch, status: to, updatedAt: new Date() })
      .where(eq(yvWish.id, id));
    await audit(tx, actor, {
      action: `youth-voice.wish_${action}`,
      entity: 'yvWish',
      entityId: id,
      orgId: w.orgId,
      orgPath: w.path,
      before: { status: w.status },
      after: { status: to, comment },
    });
    return to;
  });
}

export async function reviewWish(db: Db, actor: Actor, id: string, input: { decision: 'approve' | 'reject'; comment?: string | null }) {
  const comment = text('comment', input.comment, 500, { optional: true });
  if (input.decision === 'reject' && !comment) throw E.invalid('comment', { 'zh-CN': '不通过时须说明原因', 'en-US': 'say why when rejecting' });
  return move(db, actor, id, input.decision, { reviewedBy: actor.accountId, reviewedAt: new Date(), reviewComment: comment }, comment);
}

export async function publishWish(db: Db, actor: Actor, id: string) {
  return move(db, actor, id, 'publish', { publishedAt: new Date() });
}

export type ClaimInput = { donorKind: DonorKind; donorName: string; donorPhone?: string | null; donorOrgId?: number | null };

/**
 * One claim per wish. The claim is a conditional update (only a published wish becomes claimed),
 * so of two claims at once exactly one wins; the other answers 409. The same donor (by phone)
 * claiming again — a double tap, a replay — gets the same answer as the first time.
 */
export async function claimWish(
  db: Db,
  pii: Pii,
  actor: Actor | null,
  id: string,
  input: ClaimInput,
  who?: Anonymous,
): Promise<{ status: WishStatus; replay: boolean }> {
  const donorName = requiredText('donorName', input.donorName, 50, true);
  const tel = phone('donorPhone', input.donorPhone, { optional: input.donorKind === 'org' });
  let donorOrgId: number | null = null;
  if (input.donorKind === 'org' && input.donorOrgId) {
    if (!actor) throw E.invalid('donorOrgId', { 'zh-CN': '公开页面不能选择组织', 'en-US': 'cannot be chosen on the public page' });
    donorOrgId = (await orgForWrite(db, actor, 'service.write', input.donorOrgId, { field: 'donorOrgId' })).id;
  }
  const hash = tel ? pii.hash('phone', tel) : null;
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(yvWish)
      .set({
        status: 'claimed',
        donorKind: input.donorKind,
        donorName,
        donorOrgId,
        donorPhone: tel ? pii.encrypt(tel) : null,
        donorPhoneMasked: tel ? maskPhone(tel) : null,
        donorPhoneHash: hash,
        claimedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(yvWish.id, id), eq(yvWish.status, 'published')))
      .returning({ id: yvWish.id });
    const w = await findWish(tx, id);
    if (!w) throw errors.notFound('yvWish');
    if (claimed.length === 0) {
      if (w.status === 'claimed' && hash && w.donorPhoneHash === hash && w.donorName === donorName) return { status: w.status, replay: true };
      if (['claimed', 'delivered', 'followed_up'].includes(w.status)) throw E.already_claimed('id');
      throw errors.transitionNotAllowed('id', wishWorkflow.states[w.status], wishWorkflow.transitions.claim.label);
    }
    await step(tx, actor, wishWorkflow, 'published', { entityId: id, orgId: w.orgId, action: 'claim', data: { donorKind: input.donorKind, donorName } });
    await audit(tx, actor, {
      action: 'youth-voice.wish_claimed',
      entity: 'yvWish',
      entityId: id,
      orgId: w.orgId,
      orgPath: w.path,
      after: { donorKind: input.donorKind, donorName, donorOrgId, ...(who ? publicTrace(who) : {}) },
    });
    const to = [...(await serviceAccountsOf(tx, w.orgId)), ...(w.recordedBy ? [w.recordedBy] : [])].filter((a) => a !== actor?.accountId);
    await notify(tx, {
      accountIds: to,
      kind: 'youth-voice.wish_claimed',
      title: zhEn(`微心愿已被认领：${w.wish}`, `Micro-wish claimed: ${w.wish}`),
      body: zhEn(`认领人：${donorName}，请联系送达`, `Donor: ${donorName}; arrange the delivery`),
      link: `/youth-voice/wishes/${id}`,
      orgId: w.orgId,
    });
    return { status: 'claimed' as const, replay: false };
  });
}

export const maxProofFiles = 5;
export const maxProofBytes = 5 * 1024 * 1024;
const imageKinds = [
  { type: 'image/png', ext: ['png'], magic: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: ['jpg', 'jpeg'], magic: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
] as const;

/** A proof photo: PNG or JPEG told by its first bytes, a safe display name. */
export function checkPhoto(fileName: string, data: Buffer): { contentType: string; fileName: string } {
  if (data.length === 0) throw E.invalid('file', { 'zh-CN': '文件为空', 'en-US': 'the file is empty' });
  if (data.length > maxProofBytes) throw errors.fileTooLarge('5 MB');
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f<>"]/g, '')
    .trim()
    .slice(-100);
  const ext = base.includes('.') ? (base.split('.').pop() ?? '').toLowerCase() : '';
  const kind = imageKinds.find((k) => (k.ext as readonly string[]).includes(ext));
  if (!kind || !kind.magic(data))
    throw E.invalid('file', {
      'zh-CN': '只接受 PNG 或 JPEG 照片，且内容须与扩展名相符',
      'en-US': 'only PNG or JPEG photos whose content matches the extension',
    });
  return { contentType: kind.type, fileName: base || `photo.${ext}` };
}

/** Attaches a proof photo to a claimed (or delivered) wish. */
export async function addProof(db: Db, actor: Actor, id: string, file: { fileName: string; data: Buffer }) {
  const checked = checkPhoto(file.fileName, file.data);
  return db.transaction(async (tx) => {
    const w = await lockWish(tx, id);
    if (w.status !== 'claimed' && w.status !== 'delivered')
      throw errors.transitionNotAllowed('file', wishWorkflow.states[w.status], zhEn('上传凭证', 'Add proof'));
    const [n] = await tx
      .select({ n: count() })
      .from(yvFile)
      .where(and(eq(yvFile.wishId, id), eq(yvFile.status, 'active')));
    if ((n?.n ?? 0) >= maxProofFiles) throw E.too_many_files('file', { max: maxProofFiles });
    const fid = uuidv7();
    await tx.insert(yvFile).values({ id: fid, orgId: w.orgId, wishId: id, ...checked, size: file.data.length, data: file.data, createdBy: actor.accountId });
    await audit(tx, actor, {
      action: 'youth-voice.wish_proof_added',
      entity: 'yvWish',
      entityId: id,
      orgId: w.orgId,
      orgPath: w.path,
      after: { fileId: fid, ...checked, size: file.data.length },
    });
    return { id: fid, ...checked, size: file.data.length };
  });
}

export async function proofsOf(db: DbOrTx, wishId: string) {
  return db
    .select({ id: yvFile.id, fileName: yvFile.fileName, contentType: yvFile.contentType, size: yvFile.size })
    .from(yvFile)
    .where(and(eq(yvFile.wishId, wishId), eq(yvFile.status, 'active')))
    .orderBy(yvFile.createdAt);
}

/** Delivered: on a day between the claim and today, with the receiver's confirmation and at least one proof photo. */
export async function deliverWish(db: Db, actor: Actor, id: string, input: { deliveredOn: string; receiverConfirmation: string }, today = chinaToday()) {
  const confirmation = requiredText('receiverConfirmation', input.receiverConfirmation, 500);
  if (input.deliveredOn > today) throw E.in_future('deliveredOn');
  return db.transaction(async (tx) => {
    const w = await lockWish(tx, id);
    const to = await step(tx, actor, wishWorkflow, w.status, {
      entityId: id,
      orgId: w.orgId,
      action: 'deliver',
      occurredOn: input.deliveredOn,
      comment: confirmation,
    });
    const claimedOn = w.claimedAt ? chinaToday(w.claimedAt) : null;
    if (claimedOn && input.deliveredOn < claimedOn) throw E.before_claim('deliveredOn', { on: claimedOn });
    const [n] = await tx
      .select({ n: count() })
      .from(yvFile)
      .where(and(eq(yvFile.wishId, id), eq(yvFile.status, 'active')));
    if (!n?.n) throw E.proof_missing('file');
    await tx
      .update(yvWish)
      .set({ status: to, deliveredOn: input.deliveredOn, deliveredAt: new Date(), receiverConfirmation: confirmation, updatedAt: new Date() })
      .where(eq(yvWish.id, id));
    await audit(tx, actor, {
      action: 'youth-voice.wish_delivered',
      entity: 'yvWish',
      entityId: id,
      orgId: w.orgId,
      orgPath: w.path,
      after: { deliveredOn: input.deliveredOn, confirmation },
    });
    return to;
  });
}

export async function followUpWish(db: Db, actor: Actor, id: string, input: { followUp: string; followedUpOn: string }, today = chinaToday()) {
  const note = requiredText('followUp', input.followUp, 1000);
  if (input.followedUpOn > today) throw E.in_future('followedUpOn');
  return db.transaction(async (tx) => {
    const w = await lockWish(tx, id);
    const to = await step(tx, actor, wishWorkflow, w.status, {
      entityId: id,
      orgId: w.orgId,
      action: 'follow_up',
      occurredOn: input.followedUpOn,
      comment: note,
    });
    if (w.deliveredOn && input.followedUpOn < w.deliveredOn)
      throw E.invalid('followedUpOn', { 'zh-CN': `不能早于送达日期（${w.deliveredOn}）`, 'en-US': `cannot be before the delivery (${w.deliveredOn})` });
    await tx.update(yvWish).set({ status: to, followUp: note, followedUpOn: input.followedUpOn, updatedAt: new Date() }).where(eq(yvWish.id, id));
    await audit(tx, actor, {
      action: 'youth-voice.wish_followed_up',
      entity: 'yvWish',
      entityId: id,
      orgId: w.orgId,
      orgPath: w.path,
      after: { followedUpOn: input.followedUpOn },
    });
    return to;
  });
}

/** Published and claimed wishes for the public page: what is wished, age band, area, org — never the child. */
export async function publicWishes(db: DbOrTx, o: { orgId?: number; open?: boolean; after: [string, string] | null; limit: number }) {
  const under = o.orgId ? await findOrg(db, o.orgId) : null;
  if (o.orgId && !under) throw errors.notFound('org');
  return db
    .select({
      id: yvWish.id,
      wish: yvWish.wish,
      ageBand: yvWish.ageBand,
      area: yvWish.area,
      status: yvWish.status,
      publishedAt: yvWish.publishedAt,
      orgName: org.name,
      key: tsKey(yvWish.publishedAt),
    })
    .from(yvWish)
    .innerJoin(org, eq(org.id, yvWish.orgId))
    .where(
      and(
        o.open ? eq(yvWish.status, 'published') : sql`${yvWish.status} in ('published', 'claimed', 'delivered', 'followed_up')`,
        sql`${yvWish.publishedAt} is not null`,
        under ? sql`${org.path} <@ ${under.path}::ltree` : undefined,
        o.after ? sql`(${yvWish.publishedAt}, ${yvWish.id}) < (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(sql`${yvWish.publishedAt} desc, ${yvWish.id} desc`)
    .limit(o.limit);
}

/** A public wish's status only, for the claim page (published ones; others are not found). */
export async function publicWishExists(db: DbOrTx, id: string): Promise<boolean> {
  if (!uuidPattern.test(id)) return false;
  const [w] = await db
    .select({ id: yvWish.id })
    .from(yvWish)
    .where(and(eq(yvWish.id, id), sql`${yvWish.publishedAt} is not null`));
  return Boolean(w);
}
