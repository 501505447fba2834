import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree: the materialized path of the org tree, e.g. '1.12.305'. */
export const ltree = customType<{ data: string }>({
  dataType: () => 'ltree',
});
