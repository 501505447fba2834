import { App, Button, DatePicker, Form, Input, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, type ListItem, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { FormModal } from '../../components/form-modal';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { usePaged } from '../../components/use-paged';
import { useRefresh } from './forms';
import { useCw } from './messages';

type Visit = ListItem<'/api/v1/contact-work/visits'>;
type Values = { orgId: number; visitedOn: Dayjs; visitors: string; topic: string; note?: string };

/** 下沉走访: visits to grassroots orgs in the chosen org and period. */
export function VisitsTab() {
  const cw = useCw();
  const { message } = App.useApp();
  const { orgId, period } = useScope();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, q: text || undefined };
  const q = usePaged('/api/v1/contact-work/visits', query, { enabled: orgId !== null });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={cw('search')} aria-label={cw('search')} onSearch={setText} style={{ width: 220 }} />
        <ExportButton path="/api/v1/contact-work/visits/export" fileName={`${cw('tab.visits')}-${period.from}-${period.to}.xlsx`} query={query} />
        <Can permission="service.write">
          <Button type="primary" onClick={() => setOpen(true)}>
            {cw('recordVisit')}
          </Button>
        </Can>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Visit>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { key: 'date', title: cw('visitedOn'), dataIndex: 'visitedOn', width: 110 },
          { key: 'org', title: cw('visitOrg'), dataIndex: 'orgName' },
          { key: 'visitors', title: cw('visitors'), dataIndex: 'visitors', width: 160 },
          { key: 'topic', title: cw('topic'), dataIndex: 'topic' },
          { key: 'note', title: cw('note'), dataIndex: 'note', ellipsis: true },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <FormModal<Values>
        open={open}
        title={cw('recordVisit')}
        form={form}
        name="cw-visit"
        onClose={() => setOpen(false)}
        initialValues={{ orgId: orgId ?? undefined, visitedOn: dayjs() }}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/contact-work/visits', {
              body: { orgId: v.orgId, visitedOn: v.visitedOn.format('YYYY-MM-DD'), visitors: v.visitors, topic: v.topic, note: v.note || null },
            }),
          );
          message.success(cw('saved'));
          form.resetFields();
          setOpen(false);
          void refresh();
        }}
      >
        <Form.Item name="orgId" label={cw('visitOrg')} htmlFor="cw-visit-org" rules={[{ required: true }]}>
          <OrgTreeSelect id="cw-visit-org" aria-label={cw('visitOrg')} />
        </Form.Item>
        <Form.Item name="visitedOn" label={cw('visitedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="visitors" label={cw('visitors')} rules={[{ required: true, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="topic" label={cw('topic')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={cw('note')}>
          <Input.TextArea maxLength={5000} rows={4} />
        </Form.Item>
      </FormModal>
    </>
  );
}
