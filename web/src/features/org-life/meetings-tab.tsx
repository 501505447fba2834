import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { api, client, ok } from '../../api/client';
import type { Meeting } from '../../api/types';
import { useCan } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { MeetingModal } from './meeting-modal';
import { useOl } from './ol-i18n';
import { ExportButton } from '../../components/export-button';

export function useMeetingKinds() {
  return useQuery({ queryKey: ['org-life-meta'], queryFn: () => ok(client.GET('/api/v1/org-life/meta')) });
}

export function MeetingsTab() {
  const ol = useOl();
  const canWrite = useCan()('orglife.write');
  const { message } = App.useApp();
  const { orgId, period } = useScope();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Meeting['kind'] | undefined>();
  const [open, setOpen] = useState(false);
  const kinds = useMeetingKinds().data?.kinds ?? [];
  const query = { orgId: orgId ?? undefined, kind, from: period.from, to: period.to };
  const q = useInfiniteQuery({
    queryKey: ['meetings', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/meetings', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => qc.invalidateQueries({ predicate: (x) => ['meetings', 'compliance'].includes(String(x.queryKey[0])) });

  const upload = async (id: string, file: File) => {
    try {
      await api.upload('/api/v1/meetings/{id}/files', file, { path: { id } });
      message.success(ol('ol.upload'));
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder={ol('ol.kind')} aria-label={ol('ol.kind')} style={{ width: 180 }} value={kind} onChange={setKind} options={kinds} />
        <ExportButton path="/api/v1/meetings/export" fileName={`${ol('ol.title')}-${query.from}-${query.to}.xlsx`} query={query} />
        {canWrite && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {ol('ol.record')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Meeting>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { key: 'heldOn', title: ol('ol.heldOn'), dataIndex: 'heldOn', width: 110 },
          { key: 'orgName', title: ol('ol.branch'), dataIndex: 'orgName' },
          { key: 'kind', title: ol('ol.kind'), dataIndex: 'kindLabel', width: 130 },
          { key: 'topic', title: ol('ol.topic'), dataIndex: 'topic' },
          { key: 'hours', title: ol('ol.hours'), dataIndex: 'hours', width: 70, render: (h: number, r) => (r.kind === 'lesson' ? h : '') },
          { key: 'att', title: ol('ol.attendeeCount'), dataIndex: 'attendeeCount', width: 90 },
          {
            key: 'files',
            title: ol('ol.files'),
            width: 150,
            render: (_, r) => (
              <Space>
                <span>{r.fileCount ?? 0}</span>
                {canWrite && (
                  <Upload
                    showUploadList={false}
                    accept=".pdf,.png,.jpg,.jpeg,.docx"
                    beforeUpload={(f) => {
                      void upload(r.id, f);
                      return false;
                    }}
                  >
                    <Button size="small">{ol('ol.upload')}</Button>
                  </Upload>
                )}
              </Space>
            ),
          },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <MeetingModal
        open={open}
        orgId={orgId}
        kinds={kinds}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          void refresh();
        }}
      />
    </>
  );
}
