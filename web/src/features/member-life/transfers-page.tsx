import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Transfer } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useMl } from './ml-i18n';
import { MemberSearchSelect, OrgSearchSelect } from './pickers';
import { ExportButton } from '../../components/export-button';

const statusColor: Record<Transfer['status'], string> = { pending: 'gold', approved: 'green', rejected: 'red', expired: 'default', cancelled: 'default' };
const statuses = Object.keys(statusColor) as Transfer['status'][];
const reasons = ['study', 'work', 'abroad', 'unemployed', 'other'] as const;

type Decide = { kind: 'approve' | 'reject' | 'bulk'; ids: string[] } | null;

export function TransfersPage() {
  const ml = useMl();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [direction, setDirection] = useState<'incoming' | 'outgoing'>('incoming');
  const [status, setStatus] = useState<Transfer['status'] | ''>('pending');
  const [selected, setSelected] = useState<string[]>([]);
  const [decide, setDecide] = useState<Decide>(null);
  const [starting, setStarting] = useState(false);
  const [form] = Form.useForm();
  const [startForm] = Form.useForm();
  const query = { direction, status: status || undefined, orgId: orgId ?? undefined };

  const q = useInfiniteQuery({
    queryKey: ['transfers', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/transfers', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['transfers'] });

  const submitDecision = async () => {
    if (!decide) return;
    const v = await form.validateFields();
    try {
      const path = { id: decide.ids[0] };
      if (decide.kind === 'reject') await ok(client.POST('/api/v1/transfers/{id}/reject', { params: { path }, body: { reason: v.reason } }));
      else if (decide.kind === 'approve')
        await ok(client.POST('/api/v1/transfers/{id}/approve', { params: { path }, body: { branchId: v.branchId, note: v.note } }));
      else {
        const res = await ok(client.POST('/api/v1/transfers/bulk-approve', { body: { items: decide.ids.map((id) => ({ id, branchId: v.branchId })) } }));
        const failed = res.results.filter((r) => !r.ok);
        message.info(ml('bulkResult', { ok: res.results.length - failed.length, fail: failed.length }));
        for (const f of failed) message.error(f.message ?? f.code ?? '');
      }
      if (decide.kind !== 'bulk') message.success(t('common.done'));
      setDecide(null);
      setSelected([]);
      form.resetFields();
      void refresh();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };

  const submitStart = async () => {
    const v = await startForm.validateFields();
    try {
      await ok(client.POST('/api/v1/transfers', { body: v }));
      message.success(t('common.done'));
      setStarting(false);
      startForm.resetFields();
      setDirection('outgoing');
      void refresh();
    } catch (e) {
      applyFieldError(startForm, e);
      message.error(errorMessage(e));
    }
  };

  const withdraw = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/transfers/{id}/cancel', { params: { path: { id } }, body: {} }));
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group
          aria-label={ml('tab.transfers')}
          value={direction}
          onChange={(e) => setDirection(e.target.value)}
          options={[
            { value: 'incoming', label: ml('incoming') },
            { value: 'outgoing', label: ml('outgoing') },
          ]}
          optionType="button"
        />
        <Select
          aria-label={t('common.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 120 }}
          options={[{ value: '', label: t('common.all') }, ...statuses.map((s) => ({ value: s, label: ml(`status.${s}`) }))]}
        />
        <ExportButton path="/api/v1/transfers/export" fileName={`${ml('tab.transfers')}-${ml(direction)}.xlsx`} query={query} />
        {direction === 'incoming' && can('member.approve') && (
          <Button disabled={selected.length === 0} onClick={() => setDecide({ kind: 'bulk', ids: selected })}>
            {ml('bulkApprove')} ({selected.length})
          </Button>
        )}
        <Can permission="member.write">
          <Button type="primary" onClick={() => setStarting(true)}>
            {ml('start')}
          </Button>
        </Can>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Transfer>
        rowKey="id"
        size="middle"
        loading={q.isPending && orgId !== null}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        rowSelection={
          direction === 'incoming' && can('member.approve')
            ? {
                selectedRowKeys: selected,
                onChange: (k) => setSelected(k as string[]),
                getCheckboxProps: (r) => ({ disabled: r.status !== 'pending', 'aria-label': r.memberName }),
              }
            : undefined
        }
        columns={[
          { title: ml('member'), dataIndex: 'memberName' },
          { title: ml('from'), dataIndex: 'fromOrgName' },
          { title: ml('to'), render: (_, r) => (r.assignedBranchName ? `${r.toOrgName} / ${r.assignedBranchName}` : r.toOrgName) },
          { title: ml('reason'), dataIndex: 'reasonLabel' },
          { title: ml('requestedOn'), dataIndex: 'requestedOn' },
          { title: ml('expiresOn'), dataIndex: 'expiresOn' },
          { title: t('common.status'), render: (_, r) => <Tag color={statusColor[r.status]}>{r.statusLabel}</Tag> },
          {
            title: t('common.actions'),
            render: (_, r) =>
              r.status !== 'pending' ? null : direction === 'incoming' ? (
                <Can permission="member.approve">
                  <Space>
                    <Button size="small" type="link" onClick={() => setDecide({ kind: 'approve', ids: [r.id] })}>
                      {ml('approve')}
                    </Button>
                    <Button size="small" type="link" danger onClick={() => setDecide({ kind: 'reject', ids: [r.id] })}>
                      {ml('reject')}
                    </Button>
                  </Space>
                </Can>
              ) : (
                <Can permission="member.write">
                  <Button size="small" type="link" onClick={() => void withdraw(r.id)}>
                    {ml('withdraw')}
                  </Button>
                </Can>
              ),
          },
        ]}
      />
      <LoadMore hasMore={Boolean(q.hasNextPage)} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />

      <Modal
        open={decide !== null}
        title={decide?.kind === 'reject' ? ml('reject') : decide?.kind === 'bulk' ? ml('bulkApprove') : ml('approve')}
        onOk={() => void submitDecision()}
        onCancel={() => setDecide(null)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="transfer-decision">
          {decide?.kind === 'reject' ? (
            <Form.Item name="reason" label={ml('rejectReason')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="branchId" label={ml('branch')} rules={[{ required: true }]}>
                <OrgTreeSelect aria-label={ml('branch')} />
              </Form.Item>
              <Form.Item name="note" label={ml('note')}>
                <Input />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>

      <Modal
        open={starting}
        title={ml('start')}
        onOk={() => void submitStart()}
        onCancel={() => setStarting(false)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={startForm} layout="vertical" name="transfer-start" initialValues={{ reason: 'study' }}>
          <Form.Item name="memberId" label={ml('member')} rules={[{ required: true }]}>
            <MemberSearchSelect aria-label={ml('member')} />
          </Form.Item>
          <Form.Item name="reason" label={ml('reason')} rules={[{ required: true }]}>
            <Select options={reasons.map((r) => ({ value: r, label: ml(`reason.${r}`) }))} />
          </Form.Item>
          <Form.Item name="toOrgId" label={ml('to')} rules={[{ required: true }]}>
            <OrgSearchSelect aria-label={ml('to')} />
          </Form.Item>
          <Form.Item name="note" label={ml('note')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
