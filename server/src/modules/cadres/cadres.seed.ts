import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { addDays, chinaToday } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { termClassOf, termEndOn, termYearsSetting } from './cadres.rules.ts';
import { cadre, election, type CadreKind, type CadrePost } from './cadres.schema.ts';

/**
 * Turns the demo's synthetic cadre persons (two per committee, one per branch) into cadre
 * records, each appointed by an election of its org, so structure figures, election counts
 * and term warnings have data. Deterministic: the same demo on every machine.
 */
export async function seedDemoCadres(db: Db, cadrePeople: { id?: string; orgId: number }[]): Promise<{ cadres: number; elections: number }> {
  let s = 2026;
  const rand = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
  const now = chinaToday();
  const orgs = new Map(
    (
      await db
        .select({ id: org.id, kind: org.kind, category: org.category, divisionCode: org.divisionCode, establishedOn: org.establishedOn })
        .from(org)
        .where(eq(org.status, 'active'))
    ).map((o) => [o.id, o]),
  );
  const byOrg = new Map<number, string[]>();
  for (const p of cadrePeople) if (p.id) byOrg.set(p.orgId, [...(byOrg.get(p.orgId) ?? []), p.id]);

  const elections: (typeof election.$inferInsert)[] = [];
  const cadres: (typeof cadre.$inferInsert)[] = [];
  for (const [orgId, people] of byOrg) {
    const o = orgs.get(orgId);
    if (!o) continue;
    const cls = termClassOf(o);
    const termYears = termYearsSetting.default[cls].at(-1) ?? 3;
    // Elections spread over the last term and a bit more, so some terms have run out.
    const back = Math.floor(rand() * (termYears * 365 + 120));
    let heldOn = addDays(now, -back);
    if (o.establishedOn && heldOn < o.establishedOn) heldOn = o.establishedOn;
    const electionId = uuidv7();
    const termEndsOn = termEndOn(heldOn, termYears);
    elections.push({ id: electionId, orgId, heldOn, termYears, termEndsOn, note: null });
    const local = cls === 'localCommittee';
    const village = o.category === 'village' || o.category === 'community';
    people.forEach((personId, n) => {
      const post: CadrePost = n === 0 ? 'secretary' : n === 1 ? 'deputy_secretary' : 'member';
      const r = rand();
      const kind: CadreKind = local ? (r < 0.55 ? 'full_time' : r < 0.8 ? 'part_time' : 'seconded') : r < 0.9 ? 'part_time' : 'seconded';
      cadres.push({
        id: uuidv7(),
        personId,
        orgId,
        post,
        kind,
        termStart: heldOn,
        termEnd: termEndsOn,
        inVillageCommittee: village && rand() < 0.65,
        electionId,
      });
    });
  }
  for (let i = 0; i < elections.length; i += 1000) await db.insert(election).values(elections.slice(i, i + 1000));
  for (let i = 0; i < cadres.length; i += 1000) await db.insert(cadre).values(cadres.slice(i, i + 1000));
  return { cadres: cadres.length, elections: elections.length };
}
