import { useInfiniteQuery } from '@tanstack/react-query';
import { App, Button, Card, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client';
import type { Org, OrgStatus, Page } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { OrgStatusBadge } from './org-status';

export function OrgChildrenTable({ org }: { org: Org }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const [status, setStatus] = useState<OrgStatus | ''>('active');
  const [exporting, setExporting] = useState(false);

  const q = useInfiniteQuery({
    queryKey: ['org', org.id, 'children', status],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<Org>>(`/orgs/${org.id}/children`, { cursor: pageParam, limit: 50, status }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download(`/orgs/${org.id}/export`, `${org.name}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const statuses: OrgStatus[] = ['active', 'closed', 'merged'];

  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('org.children')}</h2>}
      extra={
        <Space>
          <Select<OrgStatus | ''>
            aria-label={t('org.filterStatus')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={[{ value: '', label: t('common.all') }, ...statuses.map((s) => ({ value: s, label: t(`org.status.${s}`) }))]}
          />
          <Button onClick={exportExcel} loading={exporting}>
            {t('common.exportExcel')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={q.error} />
      <Table<Org>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'name',
            title: t('org.name'),
            render: (_, r) => <Link to={{ pathname: `/orgs/${r.id}`, search: location.search }}>{r.name}</Link>,
          },
          { key: 'kind', title: t('org.kind'), dataIndex: 'kindLabel' },
          { key: 'category', title: t('org.category'), render: (_, r) => r.categoryLabel ?? t('common.none') },
          { key: 'status', title: t('org.status'), render: (_, r) => <OrgStatusBadge status={r.status} /> },
          { key: 'childCount', title: t('org.childCount'), dataIndex: 'childCount', align: 'right' },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </Card>
  );
}
