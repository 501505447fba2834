// Migrates one template database per run; each test file then gets its own copy of it
// (PGlite: a data-dir dump loaded in memory; PostgreSQL: CREATE DATABASE … TEMPLATE).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../db/client.ts';
import { migrateDb, migrationsFolder } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDump: string;
    templateDb: string;
  }
}

export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `tuanwu_tmpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const d = connect(adminUrl(url, name), { max: 1 });
    await migrateDb(d.db);
    await d.close();
    project.provide('templateDb', name);
    project.provide('templateDump', '');
    return async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tuanwu-test-'));
  const db = await openPglite();
  await migrate(drizzle(db), { migrationsFolder });
  const dump = await db.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('templateDump', file);
  project.provide('templateDb', '');
  return () => rmSync(dir, { recursive: true, force: true });
}
