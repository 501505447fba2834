import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../access/scope.ts';
import { auditEvent } from './audit.schema.ts';

export type AuditInput = {
  action: string;
  entity: string;
  entityId: string | number;
  orgId?: number | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
};

type AuditActor = Pick<Actor, 'accountId' | 'username' | 'requestId' | 'ip'> | null;

function row(actor: AuditActor, e: AuditInput) {
  return {
    actorId: actor?.accountId ?? null,
    actorUsername: actor?.username ?? null,
    action: e.action,
    entity: e.entity,
    entityId: String(e.entityId),
    orgId: e.orgId ?? null,
    // Scope filters read the path; look it up when the caller only knows the org.
    orgPath: e.orgPath ?? (e.orgId ? sql`(select path from org where id = ${e.orgId})` : null),
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
  };
}

/** Writes one audit event; call it inside the transaction that makes the change. */
export async function audit(tx: DbOrTx, actor: AuditActor, e: AuditInput): Promise<void> {
  await tx.insert(auditEvent).values(row(actor, e));
}

/** Writes many audit events of one change (a job's batch) in multi-row inserts: one round trip per thousand, not per event. */
export async function auditMany(tx: DbOrTx, actor: AuditActor, events: AuditInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    await tx.insert(auditEvent).values(events.slice(i, i + 1000).map((e) => row(actor, e)));
  }
}

/** The fields of a row that changed, for compact before/after records. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (after[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}
