import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';

/** A keyset-paged list of this module, keyed by its filter. */
export function usePaged<T>(key: string, path: string, query: Query, enabled = true) {
  const q = useInfiniteQuery({
    queryKey: ['volunteer-hours', key, query],
    enabled,
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<T>>(path, { ...query, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...q, rows: q.data?.pages.flatMap((p) => p.items) ?? [] };
}
