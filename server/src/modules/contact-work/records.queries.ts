// Lists of visits, reports, proposals and pairings: the caller's scope first, newest first by id.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { cwFile, cwPairing, cwPairingActivity, cwProposal, cwReport, cwVisit } from './contact-work.schema.ts';

export type RecordFilter = { scope: OrgScope; from?: string; to?: string; q?: string; after: string | null; limit: number };

function common(f: RecordFilter, id: AnyPgColumn, day: AnyPgColumn, textCols: SQL[]): SQL[] {
  const conds: SQL[] = [f.scope.where(org.path)];
  if (f.from) conds.push(sql`${day} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${day} <= ${f.to}::date`);
  if (f.q)
    conds.push(
      sql`(${sql.join(
        textCols.map((c) => sql`${c} ilike ${containsPattern(f.q ?? '')}`),
        sql` or `,
      )})`,
    );
  if (f.after) conds.push(sql`${id} < ${f.after}`);
  return conds;
}

export async function listVisits(db: DbOrTx, f: RecordFilter & { status?: 'recorded' | 'void' }) {
  const conds = common(f, cwVisit.id, cwVisit.visitedOn, [sql`${cwVisit.topic}`, sql`${cwVisit.visitors}`, sql`${org.name}`]);
  conds.push(eq(cwVisit.status, f.status ?? 'recorded'));
  return db
    .select({ v: cwVisit, orgName: org.name })
    .from(cwVisit)
    .innerJoin(org, eq(org.id, cwVisit.orgId))
    .where(and(...conds))
    .orderBy(desc(cwVisit.id))
    .limit(f.limit + 1);
}

export async function listReports(db: DbOrTx, f: RecordFilter & { status?: 'recorded' | 'void' }) {
  const conds = common(f, cwReport.id, cwReport.writtenOn, [sql`${cwReport.title}`, sql`${cwReport.authors}`]);
  conds.push(eq(cwReport.status, f.status ?? 'recorded'));
  return db
    .select({ r: cwReport, orgName: org.name, files: sql<number>`(select count(*)::int from ${cwFile} f where f.report_id = ${cwReport.id})` })
    .from(cwReport)
    .innerJoin(org, eq(org.id, cwReport.orgId))
    .where(and(...conds))
    .orderBy(desc(cwReport.id))
    .limit(f.limit + 1);
}

export async function reportFiles(db: DbOrTx, reportId: string) {
  return db
    .select({ id: cwFile.id, fileName: cwFile.fileName, contentType: cwFile.contentType, size: cwFile.size })
    .from(cwFile)
    .where(eq(cwFile.reportId, reportId))
    .orderBy(asc(cwFile.id));
}

export async function listProposals(db: DbOrTx, f: RecordFilter & { channel?: string; state?: string }) {
  const conds = common(f, cwProposal.id, cwProposal.submittedOn, [sql`${cwProposal.title}`, sql`${cwProposal.proposer}`]);
  if (f.channel) conds.push(eq(cwProposal.channel, f.channel));
  if (f.state) conds.push(eq(cwProposal.state, f.state));
  return db
    .select({ p: cwProposal, orgName: org.name })
    .from(cwProposal)
    .innerJoin(org, eq(org.id, cwProposal.orgId))
    .where(and(...conds))
    .orderBy(desc(cwProposal.id))
    .limit(f.limit + 1);
}

export async function listPairings(db: DbOrTx, f: RecordFilter & { kind?: string; status?: 'active' | 'ended' }) {
  const conds = common(f, cwPairing.id, cwPairing.startedOn, [sql`${cwPairing.sideA}`, sql`${cwPairing.sideB}`, sql`coalesce(${cwPairing.theme}, '')`]);
  if (f.kind) conds.push(eq(cwPairing.kind, f.kind));
  if (f.status) conds.push(eq(cwPairing.status, f.status));
  return db
    .select({
      p: cwPairing,
      orgName: org.name,
      activities: sql<number>`(select count(*)::int from ${cwPairingActivity} a where a.pairing_id = ${cwPairing.id})`,
    })
    .from(cwPairing)
    .innerJoin(org, eq(org.id, cwPairing.orgId))
    .where(and(...conds))
    .orderBy(desc(cwPairing.id))
    .limit(f.limit + 1);
}

export async function pairingActivities(db: DbOrTx, pairingId: string) {
  return db
    .select()
    .from(cwPairingActivity)
    .where(eq(cwPairingActivity.pairingId, pairingId))
    .orderBy(desc(cwPairingActivity.heldOn), desc(cwPairingActivity.id));
}
