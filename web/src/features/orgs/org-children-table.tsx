import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { client, ok } from '../../api/client';
import type { Org, OrgStatus } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useDownload } from '../../components/use-paged';
import { useOrgText } from './messages';
import { OrgStatusBadge } from './org-status';

const STATUSES: OrgStatus[] = ['active', 'closed', 'merged'];

export function OrgChildrenTable({ org }: { org: Org }) {
  const t = useOrgText();
  const { t: app } = useI18n();
  const location = useLocation();
  const download = useDownload();
  const [status, setStatus] = useState<OrgStatus | ''>('active');

  const q = useInfiniteQuery({
    queryKey: ['org', org.id, 'children', status],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      ok(
        client.GET('/api/v1/orgs/{id}/children', {
          params: { path: { id: String(org.id) }, query: { cursor: pageParam || undefined, limit: 50, status: status || undefined } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('children')}</h2>}
      extra={
        <Space>
          <Select<OrgStatus | ''>
            aria-label={t('filterStatus')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={[{ value: '', label: app('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
          <Button onClick={() => download.run('/api/v1/orgs/{id}/export', `${org.name}.xlsx`, { path: { id: org.id } })} loading={download.busy}>
            {app('common.exportExcel')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={q.error} />
      <Table
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'name',
            title: t('name'),
            render: (_, r) => <Link to={{ pathname: `/orgs/${r.id}`, search: location.search }}>{r.name}</Link>,
          },
          { key: 'kind', title: t('kind'), dataIndex: 'kindLabel' },
          { key: 'category', title: t('category'), render: (_, r) => r.categoryLabel ?? app('common.none') },
          { key: 'status', title: t('status'), render: (_, r) => <OrgStatusBadge status={r.status} /> },
          { key: 'childCount', title: t('childCount'), dataIndex: 'childCount', align: 'right' },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </Card>
  );
}
