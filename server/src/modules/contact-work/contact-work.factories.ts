// Test data for contact work: one row of each entity owned by an org, for the route walker and fuzz.
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { buildCadre, buildPerson } from '../../test/cadres.factories.ts';
import { cwContact, cwContactLog, cwFile, cwPairing, cwProposal, cwReport, cwSuggestion, cwVisit } from './contact-work.schema.ts';

export async function contactWorkFixtures(db: Db, orgId: number) {
  const p = await buildPerson(db, orgId);
  const cadreId = await buildCadre(db, orgId, p.id, { kind: 'full_time' });
  const ids = {
    cwContact: uuidv7(),
    cwVisit: uuidv7(),
    cwReport: uuidv7(),
    cwFile: uuidv7(),
    cwSuggestion: uuidv7(),
    cwProposal: uuidv7(),
    cwPairing: uuidv7(),
  };
  await db.insert(cwContact).values({ id: ids.cwContact, orgId, cadreId, cadrePersonId: p.id, name: '联系青年', kind: 'worker', phoneMasked: null });
  await db.insert(cwContactLog).values({
    id: uuidv7(),
    requestId: uuidv7(),
    orgId,
    contactId: ids.cwContact,
    cadrePersonId: p.id,
    contactedOn: '2024-03-01',
    way: 'phone',
    topic: '路由测试',
  });
  await db.insert(cwVisit).values({ id: ids.cwVisit, orgId, visitedOn: '2024-03-02', visitors: '张三', topic: '路由测试走访' });
  await db.insert(cwReport).values({ id: ids.cwReport, orgId, title: '路由测试报告', authors: '张三', writtenOn: '2024-03-03' });
  await db.insert(cwFile).values({
    id: ids.cwFile,
    orgId,
    reportId: ids.cwReport,
    fileName: 'a.pdf',
    contentType: 'application/pdf',
    size: 9,
    data: Buffer.from('%PDF-1.4\n'),
  });
  await db
    .insert(cwSuggestion)
    .values({ id: ids.cwSuggestion, orgId, source: 'youth', title: '路由测试建议', content: '内容', receivedOn: '2024-03-04', state: 'collected' });
  await db
    .insert(cwProposal)
    .values({ id: ids.cwProposal, orgId, channel: 'npc', title: '路由测试提案', proposer: '李四', submittedOn: '2024-03-05', state: 'submitted' });
  await db.insert(cwPairing).values({ id: ids.cwPairing, orgId, kind: 'org_org', sideA: '甲', sideB: '乙', startedOn: '2024-03-06' });
  return ids;
}
