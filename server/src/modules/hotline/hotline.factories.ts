import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { hotlineCase, hotlineCounsellor, hotlineLecture, hotlineReferral } from './hotline.schema.ts';

/** A case with a pending referral, a counsellor and a lecture owned by an org, inserted directly: the ids the route walker needs. */
export async function hotlineFixtures(db: Db, orgId: number): Promise<Record<string, string>> {
  const caseId = uuidv7();
  const at = new Date('2026-03-02T02:00:00Z');
  await db.insert(hotlineCase).values({
    id: caseId,
    orgId,
    number: `12355-F-${orgId}`,
    channel: 'phone',
    category: '心理',
    risk: 'low',
    status: 'referred',
    anonymous: true,
    summary: '测试个案',
    receivedAt: at,
    receivedOn: '2026-03-02',
    firstResponseAt: at,
    firstResponseDueAt: at,
    resolutionDueAt: new Date('2026-03-20T02:00:00Z'),
  });
  const referralId = uuidv7();
  await db.insert(hotlineReferral).values({ id: referralId, caseId, orgId, agency: '12348', receivingParty: '法律援助中心', referredOn: '2026-03-03' });
  const counsellorId = uuidv7();
  await db.insert(hotlineCounsellor).values({ id: counsellorId, orgId, name: '测试咨询师', kind: 'counsellor' });
  const lectureId = uuidv7();
  await db.insert(hotlineLecture).values({ id: lectureId, orgId, kind: 'lecture', title: '测试讲座', heldOn: '2026-03-05', reach: 50, reachUnit: 'people' });
  return { hotlineCase: caseId, hotlineReferral: referralId, hotlineCounsellor: counsellorId, hotlineLecture: lectureId };
}
