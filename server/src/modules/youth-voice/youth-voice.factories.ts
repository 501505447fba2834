import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { yvFile, yvQuestion, yvWish } from './youth-voice.schema.ts';

/** A tiny valid PNG (1×1), for proof uploads in tests. */
export const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A question, a wish (claimed, with a proof photo) in an org, inserted directly: the ids the route walker needs in and out of scope. */
export async function youthVoiceFixtures(db: Db, orgId: number, pii: Pii): Promise<Record<string, string>> {
  const q = uuidv7();
  await db.insert(yvQuestion).values({ id: q, orgId, receivedOrgId: orgId, category: 'study', title: '测试问题', body: '如何申请助学金？' });
  const w = uuidv7();
  await db.insert(yvWish).values({
    id: w,
    orgId,
    source: 'console',
    wish: '一套课外读物',
    ageBand: '6-11',
    area: '测试镇',
    sealed: pii.encrypt(JSON.stringify({ name: '测试儿童', school: '测试小学', situation: '留守儿童', guardianPhone: '13800000000' })),
    childNameMasked: '测**',
    guardianPhoneMasked: maskPhone('13800000000'),
    status: 'claimed',
    publishedAt: new Date(),
    claimedAt: new Date(),
    donorKind: 'person',
    donorName: '爱心人士',
  });
  const f = uuidv7();
  await db.insert(yvFile).values({ id: f, orgId, wishId: w, fileName: 'proof.png', contentType: 'image/png', size: tinyPng.length, data: tinyPng });
  return { yvQuestion: q, yvWish: w, yvFile: f };
}
