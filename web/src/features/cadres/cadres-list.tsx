import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Cadre } from '../../api/types';
import { useCan } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useOl } from '../org-life/ol-i18n';
import { CadreFormModal, EndCadreModal, OrgWarnings } from './cadre-form-modal';
import { useCd } from './cadre-i18n';
import { ExportButton } from '../../components/export-button';

export function CadresList() {
  const ol = useOl();
  const cd = useCd();
  const can = useCan();
  const qc = useQueryClient();
  const { orgId } = useScope();
  const [q, setQ] = useState('');
  // null: closed; 'new': creating; a cadre: editing it.
  const [editing, setEditing] = useState<Cadre | 'new' | null>(null);
  const [ending, setEnding] = useState<Cadre | null>(null);
  // The org whose posts were just changed: its warnings are shown above the list.
  const [warnOrg, setWarnOrg] = useState<number | null>(null);
  const writable = can('orglife.write');
  const refresh = () => qc.invalidateQueries({ predicate: (x) => String(x.queryKey[0]).startsWith('cadre') });
  const [status, setStatus] = useState<Cadre['status'] | undefined>('active');
  const query = { orgId: orgId ?? undefined, q: q || undefined, status };
  const list = useInfiniteQuery({
    queryKey: ['cadres', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/cadres', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
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
        <ExportButton path="/api/v1/cadres/export" fileName={`${ol('cd.title')}.xlsx`} query={query} />
        {writable && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {cd('create')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={list.error} />
      <OrgWarnings orgId={warnOrg} onClose={() => setWarnOrg(null)} />
      <Table<Cadre>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        // No horizontal scroll: a scrolling region without focusable cells (e.g. ended posts) fails axe.
        tableLayout="auto"
        columns={[
          { key: 'name', title: ol('cd.name'), dataIndex: 'name', width: 100 },
          { key: 'org', title: ol('cd.org'), dataIndex: 'orgName' },
          { key: 'post', title: ol('cd.post'), dataIndex: 'postLabel', width: 90 },
          { key: 'kind', title: ol('cd.kind'), dataIndex: 'kindLabel', width: 70 },
          { key: 'birth', title: ol('cd.birthDate'), dataIndex: 'birthDate', width: 110 },
          { key: 'edu', title: ol('cd.education'), dataIndex: 'education', width: 100 },
          { key: 'pol', title: ol('cd.political'), dataIndex: 'politicalStatus', width: 110 },
          { key: 'term', title: ol('cd.term'), width: 200, render: (_, r) => `${r.termStart} – ${r.endedOn ?? r.termEnd ?? ''}` },
          {
            key: 'status',
            title: ol('cd.status'),
            width: 80,
            // A badge keeps the text in the body colour (antd's green tag text is below 4.5:1).
            render: (_, r) => <Badge status={r.status === 'active' ? 'success' : 'default'} text={r.status === 'active' ? ol('cd.active') : ol('cd.ended')} />,
          },
          ...(writable
            ? [
                {
                  key: 'actions',
                  title: cd('actions'),
                  width: 130,
                  render: (_: unknown, r: Cadre) =>
                    r.status === 'active' ? (
                      <Space size={0}>
                        <Button size="small" type="link" onClick={() => setEditing(r)} aria-label={`${cd('edit')} ${r.name ?? ''}`}>
                          {cd('edit')}
                        </Button>
                        <Button size="small" type="link" danger onClick={() => setEnding(r)} aria-label={`${cd('end')} ${r.name ?? ''}`}>
                          {cd('end')}
                        </Button>
                      </Space>
                    ) : (
                      (r.endReason ?? null)
                    ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      <CadreFormModal
        open={editing !== null}
        cadre={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onDone={(saved) => {
          setEditing(null);
          setWarnOrg(saved.orgId);
          void refresh();
        }}
      />
      <EndCadreModal
        cadre={ending}
        onClose={() => setEnding(null)}
        onDone={() => {
          setWarnOrg(ending?.orgId ?? null);
          setEnding(null);
          void refresh();
        }}
      />
    </>
  );
}
