import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditMany } from '../../platform/audit/audit.ts';
import type { Job } from '../../platform/jobs/jobs.ts';
import { notify } from '../notices/index.ts';
import { staffOfOrg, supervisorsOf } from './hotline.queries.ts';

type Breach = { id: string; number: string; org_id: number; path: string; supervisor_id: string | null };

/**
 * Marks the cases whose first response or resolution target passed (not while waiting on the
 * caller) and tells their supervisor, or the org's supervisors when none is named. Each mark is a
 * conditional update of a null column, so a second run, or two instances at once, tell nobody twice.
 */
export async function markBreaches(db: Db, now: Date): Promise<{ firstResponse: number; resolution: number; notified: number }> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // One update per case (both marks at once): a row updated twice in one statement keeps only one change.
    // FOR UPDATE re-reads a row another run just changed, so no mark is made twice.
    const res = await tx.execute<Breach & { fr: boolean; rs: boolean }>(sql`
      with due as (
        select c.id,
          (c.first_response_at is null and c.first_response_breached_at is null and c.first_response_due_at < ${at}::timestamptz) as fr,
          (c.resolution_breached_at is null and c.resolution_due_at < ${at}::timestamptz) as rs
        from hotline_case c
        where c.status not in ('closed', 'waiting')
          and ((c.first_response_at is null and c.first_response_breached_at is null and c.first_response_due_at < ${at}::timestamptz)
            or (c.resolution_breached_at is null and c.resolution_due_at < ${at}::timestamptz))
        for update of c
      ), marked as (
        update hotline_case c set
          first_response_breached_at = case when d.fr then c.first_response_due_at else c.first_response_breached_at end,
          resolution_breached_at = case when d.rs then c.resolution_due_at else c.resolution_breached_at end,
          updated_at = now()
        from due d where d.id = c.id and (d.fr or d.rs)
        returning c.id, c.number, c.org_id, c.supervisor_id, d.fr, d.rs
      )
      select m.*, o.path::text as path from marked m join org o on o.id = m.org_id`);
    // One message per supervisor per run (not one per case): who is told, and about which cases.
    const byAccount = new Map<string, typeof res.rows>();
    const supervisorsByOrg = new Map<number, string[]>();
    for (const b of res.rows) {
      let to = b.supervisor_id ? [b.supervisor_id] : supervisorsByOrg.get(b.org_id);
      if (!to) {
        const own = await staffOfOrg(tx, b.org_id, 'service.supervise');
        to = own.length ? own : (await supervisorsOf(tx, b.path)).map((s) => s.id).slice(0, 5);
        supervisorsByOrg.set(b.org_id, to);
      }
      for (const a of to) {
        const list = byAccount.get(a);
        if (list) list.push(b);
        else byAccount.set(a, [b]);
      }
    }
    await auditMany(
      tx,
      null,
      res.rows.map((b) => ({
        action: 'hotline.sla_breached',
        entity: 'hotlineCase',
        entityId: b.id,
        orgId: b.org_id,
        orgPath: b.path,
        after: { firstResponse: b.fr, resolution: b.rs },
      })),
    );
    for (const [accountId, cases] of byAccount) {
      const one = cases.length === 1 ? cases[0] : undefined;
      const numbers = cases
        .slice(0, 5)
        .map((c) => c.number)
        .join('、');
      await notify(tx, {
        accountIds: [accountId],
        kind: 'hotline.sla_breached',
        title: { 'zh-CN': `${cases.length} 个 12355 个案超时`, 'en-US': `${cases.length} 12355 case(s) past their targets` },
        body: { 'zh-CN': `${numbers}${cases.length > 5 ? ' 等' : ''}`, 'en-US': `${numbers}${cases.length > 5 ? ' …' : ''}` },
        link: one ? `/hotline/cases/${one.id}` : '/hotline/breaches',
        orgId: one?.org_id,
      });
    }
    const notified = byAccount.size;
    return {
      firstResponse: res.rows.filter((r) => r.fr).length,
      resolution: res.rows.filter((r) => r.rs).length,
      notified,
    };
  });
}

export const slaHourly: Job = {
  name: 'hotline.sla',
  schedule: 'hourly',
  run: async ({ db, now }) => markBreaches(db, now),
};
