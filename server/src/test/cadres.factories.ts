// Test data for cadres, and the people and members their tests stand on: rows inserted straight
// into the tables (the people and members modules own the rules). org-life's tests use them too.
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { member } from '../modules/members/index.ts';
import { person } from '../modules/people/index.ts';
import { cadre, type CadreKind, type CadrePost } from '../modules/cadres/index.ts';

let seq = 0;

/** A person row (no ID number: nothing to encrypt). */
export async function buildPerson(
  db: Db,
  orgId: number,
  o: { name?: string; birthDate?: string; education?: string | null; politicalStatus?: string | null; gender?: 'M' | 'F' } = {},
) {
  seq += 1;
  const [row] = await db
    .insert(person)
    .values({
      id: uuidv7(),
      orgId,
      name: o.name ?? `测试人员${seq}`,
      gender: o.gender ?? (seq % 2 ? 'M' : 'F'),
      birthDate: o.birthDate ?? '2000-05-01',
      education: o.education ?? null,
      politicalStatus: o.politicalStatus ?? null,
    })
    .returning();
  if (!row) throw new Error('insert failed');
  return row;
}

/** A member of a branch (with its person), active unless told. */
export async function buildMember(db: Db, orgId: number, o: { admittedOn?: string; status?: 'active' | 'left'; leftOn?: string } = {}) {
  const p = await buildPerson(db, orgId);
  const [row] = await db
    .insert(member)
    .values({ id: uuidv7(), personId: p.id, orgId, admittedOn: o.admittedOn ?? '2015-05-04', status: o.status ?? 'active', leftOn: o.leftOn ?? null })
    .returning();
  if (!row) throw new Error('insert failed');
  return { ...row, person: p };
}

export async function buildMembers(db: Db, orgId: number, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await buildMember(db, orgId));
  return out;
}

/** An active cadre post of a person at an org. */
export async function buildCadre(db: Db, orgId: number, personId: string, o: { post?: CadrePost; kind?: CadreKind; termStart?: string } = {}): Promise<string> {
  const id = uuidv7();
  await db.insert(cadre).values({ id, personId, orgId, post: o.post ?? 'member', kind: o.kind ?? 'part_time', termStart: o.termStart ?? '2023-01-01' });
  return id;
}
