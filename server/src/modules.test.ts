// The module definitions hold together: names, labels, error codes, figures, permissions and
// the routes that use them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleModule } from './modules/example/index.ts';
import { modules } from './modules.ts';
import { rolePermissions } from './platform/access/roles.ts';
import { kernelFieldLabels, personNameLabel } from './platform/errors.ts';
import { createTestApp } from './test/harness.ts';

const all = [...modules, exampleModule];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

type Operation = { tags?: string[]; 'x-access'?: { permission?: string } };
let doc: { paths: Record<string, Record<string, Operation>> };
let close: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestApp({}, { modules: all });
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  close = t.close;
});
afterAll(async () => close?.());

describe('module definitions', () => {
  it('are named after their folders, once each', () => {
    const folders = readdirSync(path.join(import.meta.dirname, 'modules'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const names = all.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(folders).toContain(name);
  });

  it('label a field the way the kernel does, or with a key of their own', () => {
    const clashes: string[] = [];
    for (const m of all) {
      for (const [field, label] of Object.entries(m.labels ?? {})) {
        const kernel = kernelFieldLabels[field];
        // `name` is an org's name to the kernel (名称); a module whose `name` is a person's says 姓名
        if (field === 'name' && label === personNameLabel) continue;
        if (kernel && (kernel['zh-CN'] !== label['zh-CN'] || kernel['en-US'] !== label['en-US'])) {
          clashes.push(`${m.name}.${field}: ${label['zh-CN']} ≠ kernel ${kernel['zh-CN']}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('declare error codes with both messages carrying the same placeholders', () => {
    const problems: string[] = [];
    for (const m of all) {
      // a module whose refusals are all malformed input or kernel rules (demo) has no codes of its own
      if (!m.errors) continue;
      expect(m.errors.module).toBe(m.name);
      for (const [code, wire] of Object.entries(m.errors.codes)) {
        if (wire !== `${m.name}.${code}` || !/^[a-z][a-z0-9_]*$/.test(code)) problems.push(`${m.name}: bad code ${code}`);
        const raise = (m.errors as unknown as Record<string, (field: string) => { messages: Record<string, string> }>)[code];
        const e = raise?.('x');
        if (!e?.messages['zh-CN'] || !e.messages['en-US']) problems.push(`${m.name}.${code}: a message is empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('error messages name the same placeholders in both languages', async () => {
    const problems: string[] = [];
    for (const m of all) {
      const dir = path.join(import.meta.dirname, 'modules', m.name);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.errors.ts'))) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        for (const match of text.matchAll(/'zh-CN':\s*'([^']*)',\s*'en-US':\s*'([^']*)'/g)) {
          const [zh, en] = [placeholders(match[1] ?? ''), placeholders(match[2] ?? '')];
          if (zh.join() !== en.join()) problems.push(`${m.name}/${f}: {${zh}} vs {${en}} in ${match[1]}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('own the figures they contribute under their own name', () => {
    const keys = all.flatMap((m) => (m.metrics ?? []).map((x) => x.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('declare every permission their routes and menu entries require, and only real ones', () => {
    const problems: string[] = [];
    const byName = new Map(all.map((m) => [m.name, m]));
    const known = new Set<string>(rolePermissions.platform_admin);
    for (const [url, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const m = byName.get(op.tags?.[0] ?? '');
        const perm = op['x-access']?.permission;
        const declared: readonly string[] = m?.permissions ?? [];
        if (m && perm && !declared.includes(perm)) problems.push(`${m.name}: ${method.toUpperCase()} ${url} needs ${perm}, not declared`);
      }
    }
    for (const m of all) {
      const declared: readonly string[] = m.permissions ?? [];
      for (const p of declared) if (!known.has(p)) problems.push(`${m.name}: unknown permission ${p}`);
      for (const e of m.menu ?? []) if (!declared.includes(e.permission)) problems.push(`${m.name}: menu ${e.path} needs ${e.permission}, not declared`);
    }
    expect(problems).toEqual([]);
  });

  it('offer as menu entries exactly the console pages of web/src/app/routes.tsx, with the same permission', () => {
    const table = readFileSync(path.join(import.meta.dirname, '../../web/src/app/routes.tsx'), 'utf8');
    const pages = new Map([...table.matchAll(/\{\s*path: '([^']+)',[^{}]*?permission: '([^']+)'/g)].map((m) => [m[1], m[2]]));
    const problems: string[] = [];
    const menus = modules.flatMap((m) => (m.menu ?? []).map((e) => ({ module: m.name, ...e })));
    for (const e of menus) {
      if (pages.get(e.path) !== e.permission) problems.push(`${e.module}: menu ${e.path} (${e.permission}) is not a console page with that permission`);
    }
    // every console menu page belongs to a module, except the kernel's own (dashboard, audit, my account)
    const kernelPages = ['/', '/audit', '/me'];
    for (const m of table.matchAll(/\{\s*path: '([^']+)',[^{}]*?menu: \{/g)) {
      const page = m[1] ?? '';
      if (!kernelPages.includes(page) && !menus.some((e) => e.path === page)) problems.push(`console menu page ${page} belongs to no module`);
    }
    expect(pages.size).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
