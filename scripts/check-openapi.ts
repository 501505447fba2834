// Lints the server's OpenAPI document with Redocly's recommended rules (redocly.yaml), as an outside
// tool reads it; any error or warning fails. Redocly runs offline: no telemetry, no update check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from './openapi-document.ts';

type Report = {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
};

const root = path.join(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tuanwu-openapi-'));
try {
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await buildOpenApiDocument()));
  const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
  const run = spawnSync(process.execPath, [cli, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const json = run.stdout.slice(run.stdout.indexOf('{'));
  let report: Report;
  try {
    report = JSON.parse(json) as Report;
  } catch {
    console.error(run.stderr || run.stdout);
    throw new Error(`redocly lint gave no report (exit ${run.status})`);
  }
  for (const p of report.problems) console.error(`${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
  const { errors, warnings } = report.totals;
  if (errors || warnings) {
    console.error(`OpenAPI document: ${errors} errors, ${warnings} warnings (redocly lint, redocly.yaml).`);
    process.exitCode = 1;
  } else {
    console.log('OpenAPI document: redocly lint passes (0 errors, 0 warnings).');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
