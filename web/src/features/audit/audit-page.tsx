import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import type { AuditEvent, Page } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';

type FormValues = { action?: string; entity?: string; actor?: string; range?: [Dayjs, Dayjs] | null };
type Filter = { action: string; entity: string; actor: string; from: string; to: string };
const EMPTY: Filter = { action: '', entity: '', actor: '', from: '', to: '' };

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <div style={{ flex: 1, minWidth: 240 }}>
      <h2 style={{ fontSize: 13, margin: '0 0 4px' }}>{label}</h2>
      <pre style={{ background: '#f5f5f5', color: '#1f1f1f', padding: 8, margin: 0, fontSize: 12, overflow: 'auto' }}>
        {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

export function AuditPage() {
  const { t } = useI18n();
  const { orgId } = useScope();
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [form] = Form.useForm<FormValues>();

  const q = useInfiniteQuery({
    queryKey: ['audit', orgId, filter],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<AuditEvent>>('/audit', { orgId, ...filter, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (v: FormValues) =>
    setFilter({
      action: v.action?.trim() ?? '',
      entity: v.entity?.trim() ?? '',
      actor: v.actor?.trim() ?? '',
      from: v.range?.[0]?.format('YYYY-MM-DD') ?? '',
      to: v.range?.[1]?.format('YYYY-MM-DD') ?? '',
    });

  return (
    <>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Form<FormValues> form={form} layout="inline" name="audit-filter" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('audit.action')} name="action">
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label={t('audit.entity')} name="entity">
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('audit.actor')} name="actor">
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('audit.range')} name="range">
          <DatePicker.RangePicker placeholder={[t('period.from'), t('period.to')]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter(EMPTY);
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        expandable={{
          expandedRowRender: (r) => (
            <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
              <JsonBlock label={t('audit.before')} value={r.before} />
              <JsonBlock label={t('audit.after')} value={r.after} />
            </div>
          ),
        }}
        columns={[
          { key: 'at', title: t('audit.at'), render: (_, r) => dayjs(r.at).format('YYYY-MM-DD HH:mm:ss') },
          { key: 'actor', title: t('audit.actor'), render: (_, r) => r.actorUsername ?? t('common.none') },
          { key: 'action', title: t('audit.action'), dataIndex: 'action' },
          { key: 'entity', title: t('audit.entity'), dataIndex: 'entity' },
          { key: 'entityId', title: t('audit.entityId'), dataIndex: 'entityId' },
          { key: 'ip', title: t('audit.ip'), dataIndex: 'ip' },
          { key: 'requestId', title: t('audit.requestId'), dataIndex: 'requestId', ellipsis: true },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </>
  );
}
