import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrateDb } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { createPii } from './platform/pii.ts';
import { chinaHour, chinaToday } from './platform/dates.ts';
import { listJobs, runJob, startScheduler } from './platform/jobs/jobs.ts';
import { createAdmin } from './modules/accounts/index.ts';
import { demoAccounts, demoPassword, seedDemo, type SeedProgress } from './modules/demo/index.ts';
import { createRootOrg } from './modules/orgs/index.ts';
import { modules } from './modules.ts';
import { installModules } from './platform/module.ts';

async function withDb<T>(config: Config, fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase(config);
  try {
    await migrateDb(d.db);
    return await fn(d);
  } finally {
    await d.close();
  }
}

function progressBar(): { update: SeedProgress; stop: () => void } {
  const bars = new Map<string, SingleBar>();
  const interactive = process.stdout.isTTY;
  return {
    update(done, total, stage) {
      if (!interactive) {
        if (done === total) console.log(`  ${stage}: ${total}`);
        return;
      }
      let bar = bars.get(stage);
      if (!bar) {
        bar = new SingleBar({ format: `  ${stage.padEnd(8)} [{bar}] {value}/{total}`, hideCursor: true }, Presets.shades_classic);
        bar.start(total, done);
        bars.set(stage, bar);
      }
      bar.update(done);
      if (done === total) bar.stop();
    },
    stop() {
      for (const b of bars.values()) b.stop();
    },
  };
}

async function orgCount(d: Database): Promise<number> {
  const res = await d.db.execute<{ n: number }>(sql`select count(*)::int as n from org`);
  return res.rows[0]?.n ?? 0;
}

async function runSeed(config: Config, d: Database): Promise<void> {
  const t0 = Date.now();
  console.log('Seeding the demo (衡阳市, GB/T 2260 divisions) …');
  // the ratings the demo seeds score from the modules' figures: install them first
  installModules(modules);
  const bar = progressBar();
  const r = await seedDemo(d.db, createPii(config.dataKey), bar.update);
  bar.stop();
  console.log(`Seeded ${r.orgs} orgs, ${r.people} people, ${r.accounts} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function printDemoAccounts(): void {
  console.log('\nDemo accounts (password for all: %s):', demoPassword);
  for (const a of demoAccounts) console.log(`  ${a.username.padEnd(10)} ${a.displayName}  — ${a.note}`);
}

const program = new Command();
program.name('tuanwu').description('Tuanwu (团务): league committee work platform').version('0.1.0');

program
  .command('serve')
  .description('migrate, then serve the API and console (http://localhost:3000)')
  .option('--demo', 'seed demo data on the first run (empty database only)')
  .option('-p, --port <port>', 'port to listen on')
  .action(async (opts: { demo?: boolean; port?: string }) => {
    const config = loadConfig();
    if (opts.port) config.port = Number(opts.port);
    const d = await openDatabase(config);
    await migrateDb(d.db);
    if (opts.demo && (await orgCount(d)) === 0) await runSeed(config, d);
    const app = await buildApp({ config, database: d });
    const stopJobs = startScheduler(d.db, (msg) => app.log.info(msg));
    const shutdown = async () => {
      stopJobs();
      await app.close();
      await d.close();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    await app.listen({ port: config.port, host: config.host });
    console.log(`\nTuanwu is running: http://localhost:${config.port}  (database: ${d.embedded ? `embedded, ${config.dataDir}` : 'PostgreSQL server'})`);
    if (opts.demo) printDemoAccounts();
  });

program
  .command('migrate')
  .description('apply the database migrations')
  .action(async () => {
    await withDb(loadConfig(), async () => console.log('Migrations applied.'));
  });

program
  .command('seed')
  .description('load data into an empty database')
  .option('--demo', 'the demo city (default)')
  .action(async () => {
    const config = loadConfig();
    await withDb(config, async (d) => {
      if ((await orgCount(d)) > 0) {
        console.log('The database already has data; the demo seeds an empty database only.');
        return;
      }
      await runSeed(config, d);
      printDemoAccounts();
    });
  });

const admin = program.command('admin').description('administrator accounts');
admin
  .command('create')
  .description('create a platform administrator (and the root org of a new deployment)')
  .requiredOption('-u, --username <username>')
  .option('-n, --display-name <name>', 'display name', '平台管理员')
  .option('--password <password>', 'initial password (or env TUANWU_ADMIN_PASSWORD)')
  .option('--org <id>', 'org the account is granted on (default: the root)')
  .option('--root-name <name>', 'name of the root org, when the database has none', '共青团委员会')
  .action(async (opts: { username: string; displayName: string; password?: string; org?: string; rootName: string }) => {
    const password = opts.password ?? process.env.TUANWU_ADMIN_PASSWORD;
    if (!password) throw new Error('Give --password or set TUANWU_ADMIN_PASSWORD');
    await withDb(loadConfig(), async (d) => {
      let orgId = opts.org ? Number(opts.org) : null;
      if (!orgId) {
        const res = await d.db.execute<{ id: number }>(sql`select id from org where parent_id is null order by id limit 1`);
        orgId = res.rows[0]?.id ?? (await d.db.transaction((tx) => createRootOrg(tx, { name: opts.rootName, kind: 'committee' }))).id;
      }
      const acc = await createAdmin(d.db, { username: opts.username, displayName: opts.displayName, password, orgId });
      console.log(`Created platform administrator ${acc.username} on org ${orgId}.`);
    });
  });

program
  .command('jobs')
  .description('run the scheduled rules now (each is idempotent: a second run of a day does nothing)')
  .argument('[name]', 'one job; default: all')
  .option('--date <date>', 'the day to run for (YYYY-MM-DD, China time)', chinaToday())
  .option('--hour <hour>', 'the hour to run hourly jobs for (YYYY-MM-DDTHH, China time)', chinaHour())
  .option('--force', 'run again even if it already ran for that day (or hour)')
  .action(async (name: string | undefined, opts: { date: string; hour: string; force?: boolean }) => {
    await withDb(loadConfig(), async (d) => {
      const all = listJobs();
      const names = name ? [name] : all.map((j) => j.name);
      if (names.length === 0) console.log('No jobs are defined.');
      for (const n of names) {
        const hourly = all.find((j) => j.name === n)?.schedule === 'hourly';
        const o = await runJob(d.db, n, hourly ? opts.hour : opts.date, { force: opts.force });
        console.log(`${n} ${o.runKey}: ${o.status}${o.result ? ` ${JSON.stringify(o.result)}` : ''}${o.error ? ` (${o.error})` : ''}`);
      }
    });
  });

program
  .command('backup')
  .argument('<file>', 'output file')
  .description('embedded: dump the data directory (stop the server first); server: pg_dump -Fc')
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.databaseUrl) {
      execFileSync('pg_dump', ['-Fc', '-f', file, config.databaseUrl], { stdio: 'inherit' });
    } else {
      const lock = path.join(config.dataDir, 'pglite.lock');
      if (existsSync(lock)) throw new Error(`The embedded database is in use (${lock}); stop the server first`);
      const db = await openPglite(path.join(config.dataDir, 'pglite'));
      const dump = await db.dumpDataDir('gzip');
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      await db.close();
    }
    console.log(
      `Backup written to ${file}. Keep the data key (TUANWU_DATA_KEY or ${path.join(config.dataDir, 'data.key')}) safe and separate: without it personal data cannot be read.`,
    );
  });

program
  .command('restore')
  .argument('<file>', 'a file made by backup')
  .option('--force', 'replace the existing embedded data directory')
  .description('embedded: replace the data directory from a dump; server: pg_restore --clean')
  .action(async (file: string, opts: { force?: boolean }) => {
    const config = loadConfig();
    if (config.databaseUrl) {
      execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '-d', config.databaseUrl, file], { stdio: 'inherit' });
    } else {
      const dir = path.join(config.dataDir, 'pglite');
      if (existsSync(path.join(config.dataDir, 'pglite.lock'))) throw new Error('The embedded database is in use; stop the server first');
      if (existsSync(dir) && !opts.force) throw new Error(`${dir} exists; pass --force to replace it`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(config.dataDir, { recursive: true });
      const db = await openPglite(dir, new Blob([readFileSync(file)]));
      await db.close();
    }
    console.log(`Restored from ${file}.`);
  });

program.parseAsync().catch((err: unknown) => {
  // Driver errors wrap the cause in a message that repeats the whole query: show the cause.
  const e = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
