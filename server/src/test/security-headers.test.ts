// Every answer, API and console alike, carries the browser protections: a CSP that allows only this
// origin's scripts, no framing, no MIME sniffing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './harness.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('security headers', () => {
  it.each([
    ['an API answer', '/api/health'],
    ['an error answer', '/api/v1/no-such-route'],
    ['an unauthenticated answer', '/api/v1/members'],
  ])('%s carries CSP, frame and sniffing protections', async (_what, url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBeLessThan(500);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
