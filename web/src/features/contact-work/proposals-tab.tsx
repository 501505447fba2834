import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, type ListItem, type ListQuery, ok } from '../../api/client';
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

type Proposal = ListItem<'/api/v1/contact-work/proposals'>;
type Filter = ListQuery<'/api/v1/contact-work/proposals'>;
type Values = { orgId: number; channel: string; title: string; proposer: string; session?: string; submittedOn: Dayjs; content?: string };
type StepValues = { action: string; on: Dayjs; answer?: string; comment?: string };

/** 议案/提案 submitted through deputies and members, with their status and the answer received. */
export function ProposalsTab() {
  const cw = useCw();
  const { message } = App.useApp();
  const { orgId, period } = useScope();
  const [open, setOpen] = useState(false);
  const [stepping, setStepping] = useState<Proposal | null>(null);
  const [channel, setChannel] = useState<Filter['channel']>();
  const [state, setState] = useState<Filter['state']>();
  const [form] = Form.useForm<Values>();
  const [stepForm] = Form.useForm<StepValues>();
  const refresh = useRefresh();
  const meta = useQuery({ queryKey: ['cw-proposal-meta'], queryFn: () => ok(client.GET('/api/v1/contact-work/proposals/meta')) }).data;
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, channel, state };
  const q = usePaged('/api/v1/contact-work/proposals', query, { enabled: orgId !== null });
  const action = Form.useWatch('action', stepForm);
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          placeholder={cw('channel')}
          aria-label={cw('channel')}
          style={{ width: 140 }}
          value={channel}
          onChange={setChannel}
          options={meta?.channels}
        />
        <Select allowClear placeholder={cw('state')} aria-label={cw('state')} style={{ width: 140 }} value={state} onChange={setState} options={meta?.states} />
        <ExportButton path="/api/v1/contact-work/proposals/export" fileName={`${cw('tab.proposals')}-${period.from}-${period.to}.xlsx`} query={query} />
        <Can permission="service.write">
          <Button type="primary" onClick={() => setOpen(true)}>
            {cw('recordProposal')}
          </Button>
        </Can>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Proposal>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { key: 'date', title: cw('submittedOn'), dataIndex: 'submittedOn', width: 110 },
          { key: 'channel', title: cw('channel'), dataIndex: 'channelLabel', width: 110 },
          { key: 'proposer', title: cw('proposer'), dataIndex: 'proposer', width: 100 },
          { key: 'title', title: cw('reportTitle'), dataIndex: 'title' },
          { key: 'state', title: cw('state'), dataIndex: 'stateLabel', width: 100 },
          { key: 'answer', title: cw('answer'), dataIndex: 'answer', ellipsis: true },
          {
            key: 'act',
            title: '',
            width: 90,
            render: (_, r) =>
              r.actions.length > 0 && (
                <Can permission="service.write">
                  <Button size="small" onClick={() => setStepping(r)}>
                    {cw('step')}
                  </Button>
                </Can>
              ),
          },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <FormModal<Values>
        open={open}
        title={cw('recordProposal')}
        form={form}
        name="cw-proposal"
        onClose={() => setOpen(false)}
        initialValues={{ orgId: orgId ?? undefined, submittedOn: dayjs(), channel: 'npc' }}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/contact-work/proposals', {
              body: {
                orgId: v.orgId,
                channel: v.channel as 'npc',
                title: v.title,
                proposer: v.proposer,
                session: v.session || null,
                submittedOn: v.submittedOn.format('YYYY-MM-DD'),
                content: v.content || null,
              },
            }),
          );
          message.success(cw('saved'));
          form.resetFields();
          setOpen(false);
          void refresh();
        }}
      >
        <Form.Item name="orgId" label={cw('org')} htmlFor="cw-proposal-org" rules={[{ required: true }]}>
          <OrgTreeSelect id="cw-proposal-org" aria-label={cw('org')} />
        </Form.Item>
        <Form.Item name="channel" label={cw('channel')} rules={[{ required: true }]}>
          <Select options={meta?.channels} aria-label={cw('channel')} />
        </Form.Item>
        <Form.Item name="title" label={cw('reportTitle')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="proposer" label={cw('proposer')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="session" label={cw('session')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="submittedOn" label={cw('submittedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="content" label={cw('summary')}>
          <Input.TextArea maxLength={10000} rows={4} />
        </Form.Item>
      </FormModal>
      <FormModal<StepValues>
        open={stepping !== null}
        title={`${cw('step')}：${stepping?.title ?? ''}`}
        form={stepForm}
        name="cw-proposal-step"
        onClose={() => setStepping(null)}
        initialValues={{ on: dayjs(), action: stepping?.actions[0]?.value }}
        onSubmit={async (v) => {
          if (!stepping) return;
          await ok(
            client.POST('/api/v1/contact-work/proposals/{id}/steps', {
              params: { path: { id: stepping.id } },
              body: { action: v.action as 'accept', on: v.on.format('YYYY-MM-DD'), answer: v.answer || null, comment: v.comment || null },
            }),
          );
          message.success(cw('saved'));
          stepForm.resetFields();
          setStepping(null);
          void refresh();
        }}
      >
        <Form.Item name="action" label={cw('step')} rules={[{ required: true }]}>
          <Select options={stepping?.actions} aria-label={cw('step')} />
        </Form.Item>
        <Form.Item name="on" label={cw('on')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {action === 'answer' && (
          <Form.Item name="answer" label={cw('answer')} rules={[{ required: true }]}>
            <Input.TextArea maxLength={10000} rows={4} />
          </Form.Item>
        )}
        <Form.Item name="comment" label={cw('comment')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
