import { useInfiniteQuery } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { api, type Query } from '../api/client';
import type { Page } from '../api/types';
import { errorMessage } from './api-error';

/** A keyset-paged list keyed by its filter: every list page loads "more" the same way. */
export function usePaged<T>(key: readonly string[], path: string, query: Query, enabled = true) {
  const q = useInfiniteQuery({
    queryKey: [...key, query],
    enabled,
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<T>>(path, { ...query, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...q, rows: q.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** An Excel download with a busy flag and the server's message on failure. */
export function useDownload() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (path: string, filename: string, query?: Query) => {
    setBusy(true);
    try {
      await api.download(path, filename, query);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
