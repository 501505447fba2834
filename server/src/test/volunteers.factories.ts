// Test data for volunteering: rows written directly (the rules are tested through the API).
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { person } from '../modules/people/index.ts';
import { activity, shift, signup, volunteer, volunteerProject, volunteerStation, volunteerTeam } from '../modules/volunteers/index.ts';

let seq = 0;

export async function buildVolunteer(
  db: Db,
  orgId: number,
  over: {
    name?: string;
    birthDate?: string;
    skills?: string[];
    insuredUntil?: string | null;
    trainings?: string[];
    registeredOn?: string;
    areas?: string[];
  } = {},
) {
  seq++;
  const personId = uuidv7();
  await db
    .insert(person)
    .values({ id: personId, orgId, name: over.name ?? `志愿者${seq}`, gender: seq % 2 ? 'M' : 'F', birthDate: over.birthDate ?? '2000-06-01' });
  const [v] = await db
    .insert(volunteer)
    .values({
      id: uuidv7(),
      personId,
      orgId,
      number: `T${uuidv7().replaceAll('-', '')}`,
      registeredOn: over.registeredOn ?? '2024-03-01',
      skills: over.skills ?? [],
      areas: over.areas ?? [],
      trainings: over.trainings ?? [],
      insuredUntil: over.insuredUntil ?? null,
    })
    .returning();
  if (!v) throw new Error('insert failed');
  return v;
}

type ActivityOver = Partial<typeof activity.$inferInsert> & { shifts?: { startsAt: Date; endsAt: Date; capacity: number }[] };

/** A published activity with one shift ten days from now (capacity 5) unless told otherwise. */
export async function buildActivity(db: Db, orgId: number, over: ActivityOver = {}) {
  const { shifts: slots, ...fields } = over;
  const start = new Date(Date.now() + 10 * 86_400_000);
  const [a] = await db
    .insert(activity)
    .values({ id: uuidv7(), orgId, title: '测试活动', status: 'published', ...fields })
    .returning();
  if (!a) throw new Error('insert failed');
  const shifts = await db
    .insert(shift)
    .values(
      (slots ?? [{ startsAt: start, endsAt: new Date(start.getTime() + 2 * 3600_000), capacity: 5 }]).map((s) => ({
        id: uuidv7(),
        activityId: a.id,
        orgId,
        ...s,
      })),
    )
    .returning();
  return { activity: a, shifts };
}

/** One of every volunteering entity inside an org: for the route walker's scope checks. */
export async function volunteerFixtures(db: Db, orgId: number): Promise<Record<string, string>> {
  const v = await buildVolunteer(db, orgId);
  const { activity: a, shifts } = await buildActivity(db, orgId);
  const s = shifts[0];
  if (!s) throw new Error('no shift');
  const [su] = await db.insert(signup).values({ id: uuidv7(), shiftId: s.id, volunteerId: v.id, orgId, status: 'confirmed' }).returning();
  const [team] = await db
    .insert(volunteerTeam)
    .values({ id: uuidv7(), orgId, name: `队伍${uuidv7()}`, kind: 'commando', foundedOn: '2024-01-01' })
    .returning();
  const [station] = await db
    .insert(volunteerStation)
    .values({ id: uuidv7(), orgId, name: '志愿服务站', address: '某路 1 号', star: 3, establishedOn: '2024-01-01' })
    .returning();
  const [project] = await db
    .insert(volunteerProject)
    .values({ id: uuidv7(), orgId, name: '河小青', theme: '河小青', startOn: '2024-01-01', target: 100 })
    .returning();
  return {
    volunteer: v.id,
    volunteerActivity: a.id,
    volunteerShift: s.id,
    volunteerSignup: su?.id ?? '',
    volunteerTeam: team?.id ?? '',
    volunteerStation: station?.id ?? '',
    volunteerProject: project?.id ?? '',
  };
}
