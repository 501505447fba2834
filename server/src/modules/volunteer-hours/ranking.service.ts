// The volunteer ranking by hours served: for commendations and the console's ranking tab.
// Read from the monthly rollups (see topVolunteers); only name, volunteer number, registered
// org, hours and star level leave the server.
import type { Db } from '../../db/client.ts';
import { listScope, type Actor } from '../../platform/access/scope.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';
import { type RankingRow, topVolunteers } from './volunteer-hours.queries.ts';

export const rankingMaxLimit = 1000;

export type RankingQuery = { orgId?: number; from?: string; to?: string; limit?: number };
export type RankedVolunteer = Omit<RankingRow, 'volunteerId' | 'minutes'> & { rank: number; hours: number };

/** Ranks with ties sharing a rank (1, 2, 2, 4): equal hours are equal places. */
export function withRanks(rows: RankingRow[]): RankedVolunteer[] {
  let rank = 0;
  return rows.map(({ volunteerId: _, minutes, ...r }, i) => {
    if (i === 0 || rows[i - 1]?.minutes !== minutes) rank = i + 1;
    return { ...r, rank, hours: minutes / 60 };
  });
}

/** The ranking within an org's subtree the caller may read (else 404), or the caller's whole scope. */
export async function rankVolunteers(db: Db, actor: Actor, q: RankingQuery, today: string) {
  const { roots } = await listScope(db, actor, 'volunteer.read', q.orgId);
  const year = today.slice(0, 4);
  const from = q.from ?? `${year}-01-01`;
  const to = q.to ?? `${year}-12-31`;
  if (from > to) throw volunteerHoursErrors.invalid('from', { 'zh-CN': '开始日期不能晚于结束日期', 'en-US': 'must not be after "to"' });
  const limit = Math.min(q.limit ?? 100, rankingMaxLimit);
  // One snapshot: the ranking reads in batches, and entries keep arriving.
  const top = await db.transaction((tx) => topVolunteers(tx, roots, from, to, limit), { isolationLevel: 'repeatable read', accessMode: 'read only' });
  return { from, to, items: withRanks(top) };
}
