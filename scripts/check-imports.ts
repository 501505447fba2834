// `npm run check:imports`: the house rules on imports, which keep modules apart.
// 1. Another module is used only through its index.ts — by its tests too (shared test data lives in
//    server/src/test/). Only the kernel's tests and server/src/test/ may reach a module's factories,
//    and db/schema.ts gathers the tables for drizzle-kit.
// 2. platform/ (the kernel) imports no module.
// 3. No import cycle between modules (production code; tests may use a neighbour's factories).
// 4. The server imports nothing from bench/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Violation = { file: string; target: string; rule: string };

const importPattern = /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Relative import targets of a source text, resolved against its file. */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(importPattern)) {
    const spec = m[1] ?? m[2];
    if (spec?.startsWith('.')) out.push(path.normalize(path.join(path.dirname(file), spec)));
  }
  return out;
}

const moduleOf = (file: string): string | null => /(?:^|\/)server\/src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const isTest = (file: string) => /\.test\.ts$|factories\.ts$|(?:^|\/)server\/src\/test\//.test(file);

/** The rule breaks in a tree given as file → its import targets (paths relative to the repo root). */
export function violations(tree: Map<string, string[]>): Violation[] {
  const out: Violation[] = [];
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of tree) {
    const from = moduleOf(file);
    for (const target of targets) {
      const to = moduleOf(target);
      if (file.startsWith('server/') && target.startsWith('bench/')) out.push({ file, target, rule: 'the server imports nothing from bench/' });
      if (file.startsWith('server/src/platform/') && !isTest(file) && (to || target === 'server/src/modules.ts')) {
        out.push({ file, target, rule: 'platform/ imports no module' });
      }
      if (!to || to === from) continue;
      const base = path.basename(target);
      const allowed =
        base === 'index.ts' || (file === 'server/src/db/schema.ts' && base.endsWith('.schema.ts')) || (!from && isTest(file) && base.endsWith('factories.ts'));
      if (!allowed) out.push({ file, target, rule: `use the ${to} module through its index.ts` });
      if (from && !isTest(file)) {
        const set = edges.get(from) ?? new Set<string>();
        set.add(to);
        edges.set(from, set);
      }
    }
  }
  for (const cycle of cyclesOf(edges)) out.push({ file: `server/src/modules/${cycle[0]}`, target: cycle.join(' → '), rule: 'no import cycle between modules' });
  return out;
}

/** Each cycle of the module graph once, as the modules along it (first repeated at the end). */
function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) {
        const key = [...trail].sort().join(',');
        if (!found.has(key)) found.set(key, [...trail, start]);
      } else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
    }
  };
  for (const start of [...edges.keys()].sort()) walk(start, start, [start]);
  return [...found.values()];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tree = new Map<string, string[]>();
  for (const dir of ['server', 'bench', 'scripts']) {
    for (const abs of sourceFiles(path.join(root, dir))) {
      const file = path.relative(root, abs);
      tree.set(file, importsOf(file, readFileSync(abs, 'utf8')));
    }
  }
  const found = violations(tree);
  for (const v of found) console.error(`${v.file} → ${v.target}: ${v.rule}`);
  console.log(found.length === 0 ? `imports: ${tree.size} files, module rules hold` : `imports: ${found.length} rule breaks`);
  process.exit(found.length === 0 ? 0 : 1);
}
