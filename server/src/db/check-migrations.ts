// Fails when the Drizzle schema and the committed migrations disagree (STYLE rule 13):
// drizzle-kit generates into a scratch folder seeded with the committed journal and snapshots;
// any new file means a migration is missing.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '../../..');
const committed = path.join(root, 'server/migrations');
const scratch = mkdtempSync(path.join(tmpdir(), 'tuanwu-migrations-'));
try {
  cpSync(committed, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const config = path.join(scratch, 'drizzle.config.mjs');
  writeFileSync(
    config,
    // drizzle-kit resolves both paths against the working directory
    `export default { dialect: 'postgresql', schema: './server/src/db/schema.ts', out: ${JSON.stringify(path.relative(root, scratch))} };\n`,
  );
  before.add('drizzle.config.mjs');
  const output = execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config, '--name', 'check'], {
    cwd: root,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  if (!/No schema changes|migration file/.test(output)) {
    console.error(`drizzle-kit did not run as expected:\n${output}`);
    process.exit(1);
  }
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length > 0) {
    console.error(`The schema has changes without a migration (${added.join(', ')}): run \`npm run db:generate\` and commit it.`);
    process.exit(1);
  }
  console.log('Migrations are in sync with the schema.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
