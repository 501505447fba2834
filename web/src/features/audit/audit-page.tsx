import { Button, DatePicker, Form, Input, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { useAuditText } from './messages';

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
  const t = useAuditText();
  const { t: app } = useI18n();
  const { orgId } = useScope();
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [form] = Form.useForm<FormValues>();

  const q = usePaged('/api/v1/audit', { orgId, ...filter }, { enabled: orgId !== null });

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
      <PageTitle>{t('title')}</PageTitle>
      <Form<FormValues> form={form} layout="inline" name="audit-filter" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('action')} name="action">
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label={t('entity')} name="entity">
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('actor')} name="actor">
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('range')} name="range">
          <DatePicker.RangePicker placeholder={[app('period.from'), app('period.to')]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {app('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter(EMPTY);
            }}
          >
            {app('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        expandable={{
          expandedRowRender: (r) => (
            <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
              <JsonBlock label={t('before')} value={r.before} />
              <JsonBlock label={t('after')} value={r.after} />
            </div>
          ),
        }}
        columns={[
          { key: 'at', title: t('at'), render: (_, r) => dayjs(r.at).format('YYYY-MM-DD HH:mm:ss') },
          { key: 'actor', title: t('actor'), render: (_, r) => r.actorUsername ?? app('common.none') },
          { key: 'action', title: t('action'), dataIndex: 'action' },
          { key: 'entity', title: t('entity'), dataIndex: 'entity' },
          { key: 'entityId', title: t('entityId'), dataIndex: 'entityId' },
          { key: 'ip', title: t('ip'), dataIndex: 'ip' },
          { key: 'requestId', title: t('requestId'), dataIndex: 'requestId', ellipsis: true },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </>
  );
}
