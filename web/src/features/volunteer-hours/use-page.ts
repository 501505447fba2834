import type { ListPath, ListQuery } from '../../api/client';
import { usePaged as useSharedPaged } from '../../components/use-paged';

/** A keyset-paged list of this module, keyed under 'volunteer-hours' so one invalidation refreshes them all. */
export function usePaged<P extends ListPath>(key: string, path: P, query: ListQuery<P>, enabled = true) {
  return useSharedPaged(path, query, { key: ['volunteer-hours', key], enabled });
}
