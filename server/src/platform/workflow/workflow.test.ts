import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.ts';
import type { Database } from '../../db/client.ts';
import { defineWorkflow, history, nextState, step } from './workflow.ts';

const wf = defineWorkflow({
  name: 'test.wish',
  states: {
    open: { 'zh-CN': '待认领', 'en-US': 'Open' },
    claimed: { 'zh-CN': '已认领', 'en-US': 'Claimed' },
    delivered: { 'zh-CN': '已送达', 'en-US': 'Delivered' },
  },
  transitions: {
    publish: { from: [null], to: 'open', label: { 'zh-CN': '发布', 'en-US': 'Publish' } },
    claim: { from: ['open'], to: 'claimed', label: { 'zh-CN': '认领', 'en-US': 'Claim' } },
    deliver: { from: ['claimed'], to: 'delivered', label: { 'zh-CN': '送达', 'en-US': 'Deliver' } },
  },
});

let d: Database;
beforeAll(async () => {
  d = await createTestDatabase();
});
afterAll(async () => d?.close());

describe('workflow helper', () => {
  it('allows only the declared transitions, with a message in both languages', () => {
    expect(nextState(wf, null, 'publish')).toBe('open');
    expect(() => nextState(wf, 'open', 'deliver')).toThrow(/not allowed in state "Open"/);
    try {
      nextState(wf, 'delivered', 'claim');
    } catch (err) {
      expect((err as { messages: Record<string, string> }).messages['zh-CN']).toContain('当前状态“已送达”下不能执行“认领”');
    }
  });

  it('records each step with actor, comment and data, in order', async () => {
    const actor = { accountId: '0193a2b4-0000-7000-8000-000000000001', username: 'tester' };
    let s = await step(d.db, actor, wf, null, { entityId: 'w1', orgId: null, action: 'publish' });
    s = await step(d.db, actor, wf, s, { entityId: 'w1', orgId: null, action: 'claim', comment: '我来认领', data: { by: 'volunteer' } });
    await expect(step(d.db, actor, wf, s, { entityId: 'w1', orgId: null, action: 'claim' })).rejects.toThrow();
    const steps = await history(d.db, wf, 'w1');
    expect(steps.map((x) => [x.fromState, x.toState, x.actorUsername])).toEqual([
      [null, 'open', 'tester'],
      ['open', 'claimed', 'tester'],
    ]);
    expect(steps[1]?.comment).toBe('我来认领');
    expect(steps[1]?.data).toEqual({ by: 'volunteer' });
  });
});
