// Child process: owns the embedded PGlite and serves it over the Postgres wire protocol,
// so that its WASM never blocks the HTTP event loop (STACK.md has the measurement).
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPglite } from './pglite.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: pglite-server <dataDir>');
  const pgDir = path.join(dataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  // Nothing in PGlite stops two processes opening one data directory: hold a lock file.
  const lock = path.join(dataDir, 'pglite.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The data directory ${dataDir} is in use by process ${pid}`);
    }
  }
  writeFileSync(lock, String(process.pid));
  const db = await openPglite(pgDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await server.start();
  const port = Number(server.getServerConn().split(':')[1]);
  const stop = async (): Promise<void> => {
    await server.stop();
    await db.close();
    rmSync(lock, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', port });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
