import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction or the database: repository functions take `(tx ?? db)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
};

// int8 (count(*), sums) as numbers on both drivers; our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// dates stay 'YYYY-MM-DD' strings: no time zone shifts.
pg.types.setTypeParser(1082, (v) => v);

export function connect(url: string, opts: { max?: number; embedded?: boolean; onClose?: () => Promise<void> } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  pool.on('error', () => {
    // idle client errors (e.g. server restart) are surfaced on the next query
  });
  const db = drizzle(pool, { schema });
  return {
    db,
    pool,
    url,
    embedded: opts.embedded ?? false,
    close: async () => {
      await pool.end();
      await opts.onClose?.();
    },
  };
}

/**
 * PGlite is one backend session: pglite-socket queues protocol messages from all connections
 * into it one by one, so two connections' extended-protocol queries (Parse/Bind/Execute) can
 * interleave and one gets the other's rows. One connection keeps them apart.
 */
export const embeddedPoolSize = 1;

/** Starts the embedded PGlite in a child process and resolves with its local port. */
export function startEmbedded(dataDir: string): Promise<{ port: number; child: ChildProcess }> {
  const entry = path.join(import.meta.dirname, 'pglite-server.ts');
  const child = fork(entry, [dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (msg: { type: string; port?: number; message?: string }) => {
      if (msg.type === 'ready' && msg.port) resolve({ port: msg.port, child });
      else reject(new Error(msg.message ?? 'embedded database failed to start'));
    });
    child.once('exit', (code) => reject(new Error(`embedded database exited with code ${code}`)));
  });
}

export async function openDatabase(cfg: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  if (cfg.databaseUrl) return connect(cfg.databaseUrl);
  const { port, child } = await startEmbedded(cfg.dataDir);
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return connect(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    max: embeddedPoolSize,
    embedded: true,
    onClose: async () => {
      child.kill('SIGTERM');
      await stopped;
    },
  });
}
