import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
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
import { TransferRequests } from './transfer-requests';
import { useTr } from './transfer-requests-i18n';
import { TAG_COLORS } from '../../components/tag-colors';

const statusColor: Record<Transfer['status'], string> = {
  pending: TAG_COLORS.gold,
  approved: TAG_COLORS.green,
  rejected: TAG_COLORS.red,
  expired: 'default',
  cancelled: 'default',
};
const statuses = Object.keys(statusColor) as Transfer['status'][];
const reasons = ['study', 'work', 'abroad', 'unemployed', 'other'] as const;

/** A transfer the receiving side started needs the member's side's consent before it can be approved. */
const consented = (r: Transfer) => r.initiatedBy !== 'receiver' || r.requestId !== null;

type Decide = { kind: 'approve' | 'reject' | 'bulk'; ids: string[] } | null;
/** Transfers in and out, and transfer requests: ones about our members (to consent to) and our own. */
type View = 'incoming' | 'outgoing' | 'received' | 'sent';

export function TransfersPage() {
  const ml = useMl();
  const tr = useTr();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [view, setView] = useState<View>('incoming');
  const direction: 'incoming' | 'outgoing' = view === 'outgoing' ? 'outgoing' : 'incoming';
  const isRequests = view === 'received' || view === 'sent';
  const [status, setStatus] = useState<Transfer['status'] | ''>('pending');
  const [selected, setSelected] = useState<string[]>([]);
  const [decide, setDecide] = useState<Decide>(null);
  const [starting, setStarting] = useState(false);
  const [form] = Form.useForm();
  const [startForm] = Form.useForm();
  const query = { direction, status: status || undefined, orgId: orgId ?? undefined };

  const q = useInfiniteQuery({
    queryKey: ['transfers', query],
    enabled: orgId !== null && !isRequests,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/transfers', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['transfers'] });
  // Whether another org waits for our consent: a dot on that view, so it is not missed.
  const waiting = useQuery({
    queryKey: ['transfer-requests', { direction: 'received', status: 'requested', orgId, limit: 1 }],
    enabled: orgId !== null,
    queryFn: () =>
      ok(client.GET('/api/v1/transfer-requests', { params: { query: { direction: 'received', status: 'requested', orgId: orgId ?? undefined, limit: 1 } } })),
  });
  const hasWaiting = (waiting.data?.items.length ?? 0) > 0;

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
      setView('outgoing');
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

  const switcher = (
    <Radio.Group
      aria-label={ml('tab.transfers')}
      value={view}
      onChange={(e) => setView(e.target.value)}
      options={[
        { value: 'incoming', label: ml('incoming') },
        { value: 'outgoing', label: ml('outgoing') },
        { value: 'sent', label: tr('sent') },
        {
          value: 'received',
          label: (
            <Badge dot={hasWaiting} offset={[6, -4]} title={hasWaiting ? tr('receivedOpen') : undefined}>
              <span>{tr('received')}</span>
            </Badge>
          ),
        },
      ]}
      optionType="button"
    />
  );
  // Keyed by view: each list keeps its own filter defaults.
  if (isRequests) return <TransferRequests key={view} direction={view} switcher={switcher} onIncoming={() => setView('incoming')} />;

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {switcher}
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
                getCheckboxProps: (r) => ({ disabled: r.status !== 'pending' || !consented(r), 'aria-label': r.memberName }),
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
                    {consented(r) && (
                      <Button size="small" type="link" onClick={() => setDecide({ kind: 'approve', ids: [r.id] })}>
                        {ml('approve')}
                      </Button>
                    )}
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
          <Form.Item name="memberId" label={ml('member')} rules={[{ required: true }]} extra={tr('startScope')}>
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
