import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Opens PGlite with the extensions the migrations create. dataDir undefined = in memory. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<PGlite> {
  const db = new PGlite({
    dataDir,
    loadDataDir,
    extensions: { ltree, pg_trgm, btree_gist },
    // Bulk loads would otherwise grow the WAL toward 1 GB in the data directory.
    postgresqlconf: ['max_wal_size = 64MB', 'min_wal_size = 32MB'],
  });
  await db.waitReady;
  return db;
}
