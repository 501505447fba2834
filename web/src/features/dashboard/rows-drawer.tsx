import { useInfiniteQuery } from '@tanstack/react-query';
import { Drawer, Table } from 'antd';
import { client, ok } from '../../api/client';
import type { MetricGroup } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useDashText } from './messages';

export type RowsTarget = { metric: string; groupBy: string; group: MetricGroup };

export function RowsDrawer({ target, onClose }: { target: RowsTarget | null; onClose: () => void }) {
  const t = useDashText();
  const { t: app } = useI18n();
  const { orgId, period } = useScope();
  const q = useInfiniteQuery({
    queryKey: ['metric-rows', target?.metric, target?.groupBy, target?.group.group, orgId, period],
    enabled: target !== null && orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      ok(
        client.GET('/api/v1/metrics/{key}/rows', {
          params: {
            path: { key: target?.metric ?? '' },
            query: {
              orgId: orgId ?? undefined,
              from: period.from,
              to: period.to,
              groupBy: target?.groupBy,
              group: target?.group.group ?? '',
              cursor: pageParam || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const pages = q.data?.pages ?? [];
  const columns = (pages[0]?.columns ?? []).map((c) => ({
    key: c.key,
    dataIndex: c.key,
    title: c.label,
    render: (v: unknown) => (v === null || v === undefined ? app('common.none') : String(v)),
  }));
  const rows = pages.flatMap((p) => p.items).map((r, i) => ({ ...r, __key: i }));

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={720}
      title={target ? t('rows', { label: target.group.label }) : ''}
      destroyOnHidden
      styles={{ body: { overflow: 'hidden', display: 'flex', flexDirection: 'column' } }}
    >
      {/* The scrolling region is focusable so keyboard users can scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region must be focusable */}
      <section tabIndex={0} aria-label={target?.group.label} style={{ flex: 1, overflow: 'auto' }}>
        <ErrorAlert error={q.error} />
        <Table rowKey="__key" size="small" loading={q.isLoading} columns={columns} dataSource={rows} pagination={false} />
        <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      </section>
    </Drawer>
  );
}
