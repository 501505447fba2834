import { useInfiniteQuery } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { api, getPage, type ListPath, type ListQuery, type ParamsArg, type PathsWith } from '../api/client';
import { errorMessage } from './api-error';

/**
 * A keyset-paged list keyed by its filter: every list page loads "more" the same way.
 *   usePaged('/api/v1/members', { orgId, q }, { enabled: orgId !== null })
 * The query key is `[...(key ?? [path]), query]`: pass `key` when something invalidates the list by a shorter name.
 */
export function usePaged<P extends ListPath>(path: P, query: ListQuery<P>, opts: { key?: readonly unknown[]; enabled?: boolean } = {}) {
  const q = useInfiniteQuery({
    queryKey: [...(opts.key ?? [path]), query],
    enabled: opts.enabled ?? true,
    initialPageParam: '',
    queryFn: ({ pageParam }) => getPage(path, query, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...q, rows: q.data?.pages.flatMap((p) => p.items) ?? [] };
}

/**
 * An Excel (or PDF) download with a busy flag and the server's message on failure.
 *   const download = useDownload(); download.run('/api/v1/orgs/{id}/export', 'org.xlsx', { path: { id } })
 */
export function useDownload() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async <P extends PathsWith<'get'>>(path: P, filename: string, ...params: ParamsArg<P, 'get'>) => {
    setBusy(true);
    try {
      await api.download(path, filename, ...params);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
