import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Db } from './client.ts';

export const migrationsFolder = path.join(import.meta.dirname, '../../migrations');

export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
