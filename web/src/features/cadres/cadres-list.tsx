import { useInfiniteQuery } from '@tanstack/react-query';
import { Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Cadre, Page } from '../../api/types';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useOl } from '../org-life/ol-i18n';

export function CadresList() {
  const ol = useOl();
  const { orgId } = useScope();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>('active');
  const query = { orgId, q: q || undefined, status };
  const list = useInfiniteQuery({
    queryKey: ['cadres', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<Cadre>>('/cadres', { ...query, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={ol('cd.search')} placeholder={ol('cd.search')} allowClear onSearch={setQ} style={{ width: 220 }} />
        <Select
          aria-label={ol('cd.status')}
          value={status}
          onChange={setStatus}
          allowClear
          placeholder={ol('ol.all')}
          style={{ width: 120 }}
          options={[
            { value: 'active', label: ol('cd.active') },
            { value: 'ended', label: ol('cd.ended') },
          ]}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Cadre>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { key: 'name', title: ol('cd.name'), dataIndex: 'name', width: 100 },
          { key: 'org', title: ol('cd.org'), dataIndex: 'orgName' },
          { key: 'post', title: ol('cd.post'), dataIndex: 'postLabel', width: 90 },
          { key: 'kind', title: ol('cd.kind'), dataIndex: 'kindLabel', width: 70 },
          { key: 'birth', title: ol('cd.birthDate'), dataIndex: 'birthDate', width: 110 },
          { key: 'edu', title: ol('cd.education'), dataIndex: 'education', width: 100 },
          { key: 'pol', title: ol('cd.political'), dataIndex: 'politicalStatus', width: 110 },
          { key: 'term', title: ol('cd.term'), width: 200, render: (_, r) => `${r.termStart} – ${r.termEnd ?? ''}` },
          {
            key: 'status',
            title: ol('cd.status'),
            width: 80,
            render: (_, r) => <Tag color={r.status === 'active' ? 'green' : undefined}>{r.status === 'active' ? ol('cd.active') : ol('cd.ended')}</Tag>,
          },
        ]}
      />
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </>
  );
}
