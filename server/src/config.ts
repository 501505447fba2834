import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

// The one place that reads the environment. Everything else receives a Config.
export type Config = {
  port: number;
  host: string;
  /** postgres://… when running on a server; null = embedded PGlite in dataDir */
  databaseUrl: string | null;
  dataDir: string;
  /** 32-byte key for personal data encryption and keyed hashes */
  dataKey: Buffer;
  logLevel: string;
  sessionTtlHours: number;
  secureCookies: boolean;
  webDir: string;
  /** wrong passwords allowed per (username, client address) before each further attempt waits 1, 2, 4 … seconds */
  loginMaxFailures: number;
  /** the longest such wait, in minutes */
  loginLockMinutes: number;
  /** wrong passwords allowed per client address across usernames (spraying) before it waits likewise */
  loginIpMaxFailures: number;
  /** behind a reverse proxy: trust X-Forwarded-For for client IPs (rate limits, audit) */
  trustProxy: boolean;
};

const root = path.resolve(import.meta.dirname, '../..');

function readKey(env: NodeJS.ProcessEnv, dataDir: string, allowGenerate: boolean): Buffer {
  const fromEnv = env.TUANWU_DATA_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('TUANWU_DATA_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = path.join(dataDir, 'data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (!allowGenerate) throw new Error(`No data key: set TUANWU_DATA_KEY or create ${file}`);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { generateKey?: boolean } = {}): Config {
  const dataDir = path.resolve(env.TUANWU_DATA_DIR ?? path.join(root, 'data'));
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    // A generated key is only allowed for the embedded database (the demo); a server deployment must set one.
    dataKey: readKey(env, dataDir, opts.generateKey ?? databaseUrl === null),
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlHours: Number(env.TUANWU_SESSION_HOURS ?? 12),
    secureCookies: env.TUANWU_SECURE_COOKIES === '1',
    webDir: path.join(root, 'dist/web'),
    loginMaxFailures: Number(env.TUANWU_LOGIN_MAX_FAILURES ?? 5),
    loginLockMinutes: Number(env.TUANWU_LOGIN_LOCK_MINUTES ?? 15),
    loginIpMaxFailures: Number(env.TUANWU_LOGIN_IP_MAX_FAILURES ?? 100),
    trustProxy: env.TUANWU_TRUST_PROXY === '1',
  };
}

export const projectRoot = root;
