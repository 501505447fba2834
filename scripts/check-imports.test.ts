import { describe, expect, it } from 'vitest';
import { importsOf, violations } from './check-imports.ts';

const tree = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('import rules', () => {
  it('resolves relative imports, including multi-line, type-only and dynamic ones', () => {
    const text =
      "import {\n  a,\n  b,\n} from '../x/index.ts';\nimport type { T } from './t.ts';\nconst m = await import('../../../../bench/lib.ts');\nimport x from 'node:fs';";
    expect(importsOf('server/src/modules/y/y.ts', text)).toEqual(['server/src/modules/x/index.ts', 'server/src/modules/y/t.ts', 'bench/lib.ts']);
  });

  it('accepts the house shape', () => {
    expect(
      violations(
        tree({
          'server/src/modules/a/a.service.ts': ['server/src/modules/b/index.ts', 'server/src/platform/dates.ts'],
          'server/src/test/routes.test.ts': ['server/src/modules/b/b.factories.ts'],
          'server/src/db/schema.ts': ['server/src/modules/a/a.schema.ts'],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a deep import, the kernel importing a module, a module cycle and the server importing bench', () => {
    const found = violations(
      tree({
        'server/src/modules/a/a.service.ts': ['server/src/modules/b/b.schema.ts'],
        'server/src/modules/b/b.service.ts': ['server/src/modules/a/index.ts'],
        'server/src/platform/metrics/x.ts': ['server/src/modules/a/index.ts'],
        'server/src/main.ts': ['bench/generate.ts'],
        'server/src/modules/c/c.test.ts': ['server/src/modules/a/a.factories.ts'],
      }),
    ).map((v) => v.rule);
    expect(found.sort()).toEqual([
      'no import cycle between modules',
      'platform/ imports no module',
      'the server imports nothing from bench/',
      'use the a module through its index.ts',
      'use the b module through its index.ts',
    ]);
  });
});
