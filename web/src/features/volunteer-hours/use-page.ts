import type { Query } from '../../api/client';
import { usePaged as useSharedPaged } from '../../components/use-paged';

/** A keyset-paged list of this module, keyed by its filter. */
export function usePaged<T>(key: string, path: string, query: Query, enabled = true) {
  return useSharedPaged<T>(['volunteer-hours', key], path, query, enabled);
}
