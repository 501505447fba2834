import { useQuery } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { client, type ListItem, type ListQuery, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { FormModal } from '../../components/form-modal';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { doneWith, requestIdFor, useRefresh } from './forms';
import { useCw } from './messages';

type Suggestion = ListItem<'/api/v1/contact-work/suggestions'>;
type Filter = ListQuery<'/api/v1/contact-work/suggestions'>;
type Values = { orgId: number; source: string; sourceRef?: string; submitter?: string; title: string; content: string; receivedOn: Dayjs };

export function useSuggestionMeta() {
  return useQuery({ queryKey: ['cw-suggestion-meta'], queryFn: () => ok(client.GET('/api/v1/contact-work/suggestions/meta')) });
}

const stateColor: Record<string, string> = {
  collected: '#0958d9',
  assigned: '#874d00',
  resolved: '#237804',
  explained: '#00474f',
  followed_up: '#531dab',
  void: 'default',
};

/** 意见建议: filters, sort, keyset pages, Excel; a row opens its detail with the workflow actions. */
export function SuggestionsPage() {
  const cw = useCw();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { orgId, period } = useScope();
  const meta = useSuggestionMeta().data;
  const [state, setState] = useState<Filter['state']>();
  const [source, setSource] = useState<Filter['source']>();
  const [text, setText] = useState('');
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<Filter['sort']>('received_desc');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const refresh = useRefresh();
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, state, source, q: text || undefined, mine: mine || undefined, sort };
  const q = usePaged('/api/v1/contact-work/suggestions', query, { enabled: orgId !== null });
  return (
    <>
      <PageTitle
        extra={
          <Can permission="service.write">
            <Button type="primary" onClick={() => setOpen(true)}>
              {cw('sg.collect')}
            </Button>
          </Can>
        }
      >
        {cw('sg.title')}
      </PageTitle>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={cw('search')} aria-label={cw('search')} onSearch={setText} style={{ width: 200 }} />
        <Select allowClear placeholder={cw('state')} aria-label={cw('state')} style={{ width: 130 }} value={state} onChange={setState} options={meta?.states} />
        <Select
          allowClear
          placeholder={cw('sg.source')}
          aria-label={cw('sg.source')}
          style={{ width: 130 }}
          value={source}
          onChange={setSource}
          options={meta?.sources}
        />
        <Select
          aria-label={cw('sg.sortNew')}
          style={{ width: 150 }}
          value={sort}
          onChange={setSort}
          options={[
            { value: 'received_desc', label: cw('sg.sortNew') },
            { value: 'received_asc', label: cw('sg.sortOld') },
          ]}
        />
        <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)}>
          {cw('sg.mine')}
        </Checkbox>
        <ExportButton path="/api/v1/contact-work/suggestions/export" fileName={`${cw('sg.title')}-${period.from}-${period.to}.xlsx`} query={query} />
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Suggestion>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(r) => ({ onClick: () => navigate(`/contact-work/suggestions/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'date', title: cw('sg.receivedOn'), dataIndex: 'receivedOn', width: 110 },
          { key: 'org', title: cw('org'), dataIndex: 'orgName', width: 200 },
          { key: 'source', title: cw('sg.source'), dataIndex: 'sourceLabel', width: 100 },
          { key: 'title', title: cw('reportTitle'), dataIndex: 'title' },
          { key: 'state', title: cw('state'), width: 110, render: (_, r) => <Tag color={stateColor[r.state]}>{r.stateLabel}</Tag> },
          { key: 'assignee', title: cw('sg.assignee'), dataIndex: 'assigneeName', width: 120 },
          { key: 'settled', title: cw('sg.answer'), dataIndex: 'settledOn', width: 110 },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <FormModal<Values>
        open={open}
        title={cw('sg.collect')}
        form={form}
        name="cw-suggestion"
        onClose={() => setOpen(false)}
        initialValues={{ orgId: orgId ?? undefined, receivedOn: dayjs(), source: 'youth' }}
        onSubmit={async (v) => {
          const requestId = requestIdFor('suggestion');
          await ok(
            client.POST('/api/v1/contact-work/suggestions', {
              body: {
                requestId,
                orgId: v.orgId,
                source: v.source as 'youth',
                sourceRef: v.sourceRef || null,
                submitter: v.submitter || null,
                title: v.title,
                content: v.content,
                receivedOn: v.receivedOn.format('YYYY-MM-DD'),
              },
            }),
          );
          doneWith('suggestion');
          message.success(cw('saved'));
          form.resetFields();
          setOpen(false);
          void refresh();
        }}
      >
        <Form.Item name="orgId" label={cw('org')} htmlFor="cw-suggestion-org" rules={[{ required: true }]}>
          <OrgTreeSelect id="cw-suggestion-org" aria-label={cw('org')} />
        </Form.Item>
        <Form.Item name="source" label={cw('sg.source')} rules={[{ required: true }]}>
          <Select options={meta?.sources} aria-label={cw('sg.source')} />
        </Form.Item>
        <Form.Item name="sourceRef" label={cw('sg.sourceRef')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="submitter" label={cw('sg.submitter')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="title" label={cw('reportTitle')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={cw('sg.content')} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea maxLength={5000} rows={4} />
        </Form.Item>
        <Form.Item name="receivedOn" label={cw('sg.receivedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </FormModal>
    </>
  );
}
