import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../platform/access/scope.ts';
import type { Messages } from '../../platform/errors.ts';
import { errors } from '../../platform/errors.ts';
import { notice } from './notices.schema.ts';

export type NoticeInput = {
  accountIds: readonly string[];
  kind: string;
  title: Messages;
  body?: Messages;
  link?: string;
  orgId?: number;
};

/** Puts a message in each account's message centre, in the caller's transaction (it lands with the change or not at all). */
export async function notify(tx: DbOrTx, n: NoticeInput): Promise<void> {
  const to = [...new Set(n.accountIds)];
  if (to.length === 0) return;
  await tx.insert(notice).values(
    to.map((accountId) => ({
      id: uuidv7(),
      accountId,
      kind: n.kind,
      title: n.title,
      body: n.body ?? null,
      link: n.link ?? null,
      orgId: n.orgId ?? null,
    })),
  );
}

export type NoticeRow = typeof notice.$inferSelect;

/** The caller's own messages, newest first (ids are time-ordered uuidv7). */
export async function listNotices(db: Db, actor: Actor, q: { unread?: boolean; after: string | null; limit: number }): Promise<NoticeRow[]> {
  return db
    .select()
    .from(notice)
    .where(and(eq(notice.accountId, actor.accountId), q.unread ? isNull(notice.readAt) : undefined, q.after ? lt(notice.id, q.after) : undefined))
    .orderBy(desc(notice.id))
    .limit(q.limit + 1);
}

export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notice)
    .where(and(eq(notice.accountId, actor.accountId), isNull(notice.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the caller's messages read; another account's id answers 404 like a missing one. Repeating it is harmless. */
export async function markRead(db: Db, actor: Actor, id: string): Promise<void> {
  const [row] = await db
    .update(notice)
    .set({ readAt: sql`coalesce(${notice.readAt}, now())` })
    .where(and(eq(notice.id, id), eq(notice.accountId, actor.accountId)))
    .returning({ id: notice.id });
  if (!row) throw errors.notFound('notice');
}

export async function markAllRead(db: Db, actor: Actor): Promise<number> {
  const rows = await db
    .update(notice)
    .set({ readAt: sql`now()` })
    .where(and(eq(notice.accountId, actor.accountId), isNull(notice.readAt)))
    .returning({ id: notice.id });
  return rows.length;
}
