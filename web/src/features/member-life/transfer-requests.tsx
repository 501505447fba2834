import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { client, ok } from '../../api/client';
import type { Res } from '../../api/types';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useMl } from './ml-i18n';
import { useTr } from './transfer-requests-i18n';
import { TAG_COLORS } from '../../components/tag-colors';

type TransferRequest = Res<'/api/v1/transfer-requests', 'get'>['items'][number];
type Status = TransferRequest['status'];

const statusColor: Record<Status, string> = {
  requested: TAG_COLORS.gold,
  consented: TAG_COLORS.green,
  declined: TAG_COLORS.red,
  expired: 'default',
  cancelled: 'default',
};
const statuses = Object.keys(statusColor) as Status[];
const reasons = ['study', 'work', 'abroad', 'unemployed', 'other'] as const;

type Decide = { kind: 'consent' | 'decline'; row: TransferRequest } | null;

/**
 * Transfer requests, from either side. `sent`: what we asked for (by ID number and name) and how
 * it was answered — the person shows only once their org consents, in the transfer that starts.
 * `received`: requests about our members, to consent to or decline.
 */
export function TransferRequests({
  direction,
  switcher,
  onIncoming,
}: {
  direction: 'sent' | 'received';
  switcher: ReactNode;
  /** Shows the incoming transfers, where a consented request's transfer is approved. */
  onIncoming: () => void;
}) {
  const tr = useTr();
  const ml = useMl();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  // Our own requests: every outcome, so answers are read; requests to us: the open ones.
  const [status, setStatus] = useState<Status | ''>(direction === 'sent' ? '' : 'requested');
  const [decide, setDecide] = useState<Decide>(null);
  const [asking, setAsking] = useState(false);
  const [decideForm] = Form.useForm();
  const [askForm] = Form.useForm();
  const query = { direction, status: status || undefined, orgId: orgId ?? undefined };

  const q = useInfiniteQuery({
    queryKey: ['transfer-requests', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/transfer-requests', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['transfer-requests'] });
    void qc.invalidateQueries({ queryKey: ['transfers'] });
  };

  const submitAsk = async () => {
    const v = await askForm.validateFields();
    try {
      await ok(client.POST('/api/v1/transfer-requests', { body: v }));
      message.success(tr('asked'));
      setAsking(false);
      askForm.resetFields();
      refresh();
    } catch (e) {
      applyFieldError(askForm, e);
      message.error(errorMessage(e));
    }
  };

  const submitDecision = async () => {
    if (!decide) return;
    const v = await decideForm.validateFields();
    try {
      const path = { id: decide.row.id };
      if (decide.kind === 'consent') {
        await ok(client.POST('/api/v1/transfer-requests/{id}/consent', { params: { path }, body: { note: v.note } }));
        message.success(tr('consentedHint'));
      } else {
        await ok(client.POST('/api/v1/transfer-requests/{id}/decline', { params: { path }, body: { reason: v.reason } }));
        message.success(t('common.done'));
      }
      setDecide(null);
      decideForm.resetFields();
      refresh();
    } catch (e) {
      applyFieldError(decideForm, e);
      message.error(errorMessage(e));
    }
  };

  const withdraw = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/transfer-requests/{id}/cancel', { params: { path: { id } }, body: {} }));
      message.success(t('common.done'));
      refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const common = [
    { title: tr('reason'), dataIndex: 'reasonLabel' },
    { title: tr('note'), dataIndex: 'note', render: (v: string | null) => v ?? t('common.none') },
    { title: tr('requestedOn'), dataIndex: 'requestedOn' },
    { title: tr('expiresOn'), dataIndex: 'expiresOn' },
    { title: t('common.status'), render: (_: unknown, r: TransferRequest) => <Tag color={statusColor[r.status]}>{r.statusLabel}</Tag> },
    { title: tr('decisionNote'), dataIndex: 'decisionNote', render: (v: string | null) => v ?? t('common.none') },
  ];
  const columns =
    direction === 'received'
      ? [
          { title: tr('name'), dataIndex: 'name' },
          { title: tr('idNumber'), dataIndex: 'idNumber' },
          { title: tr('memberOrg'), dataIndex: 'memberOrgName' },
          { title: tr('to'), dataIndex: 'toOrgName' },
          ...common,
          {
            title: t('common.actions'),
            render: (_: unknown, r: TransferRequest) =>
              r.status === 'requested' ? (
                <Can permission="member.write">
                  <Space>
                    <Button size="small" type="link" aria-label={`${tr('consent')} ${r.name}`} onClick={() => setDecide({ kind: 'consent', row: r })}>
                      {tr('consent')}
                    </Button>
                    <Button size="small" type="link" danger aria-label={`${tr('decline')} ${r.name}`} onClick={() => setDecide({ kind: 'decline', row: r })}>
                      {tr('decline')}
                    </Button>
                  </Space>
                </Can>
              ) : null,
          },
        ]
      : [
          { title: tr('name'), dataIndex: 'name' },
          { title: tr('idNumber'), dataIndex: 'idNumber' },
          { title: tr('to'), dataIndex: 'toOrgName' },
          ...common,
          {
            title: t('common.actions'),
            render: (_: unknown, r: TransferRequest) =>
              r.status === 'consented' ? (
                <Can permission="member.approve">
                  <Button size="small" type="link" aria-label={`${tr('toIncoming')} ${r.name}`} onClick={onIncoming}>
                    {tr('toIncoming')}
                  </Button>
                </Can>
              ) : r.status === 'requested' ? (
                <Can permission="member.write">
                  <Popconfirm
                    title={tr('cancelConfirm', { name: r.name })}
                    okText={t('common.ok')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => withdraw(r.id)}
                  >
                    <Button size="small" type="link" danger aria-label={`${tr('cancel')} ${r.name}`}>
                      {tr('cancel')}
                    </Button>
                  </Popconfirm>
                </Can>
              ) : null,
          },
        ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {switcher}
        <Select
          aria-label={t('common.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 120 }}
          options={[{ value: '', label: t('common.all') }, ...statuses.map((s) => ({ value: s, label: tr(`status.${s}`) }))]}
        />
        {direction === 'sent' && (
          <Can permission="member.write">
            <Button type="primary" onClick={() => setAsking(true)}>
              {tr('ask')}
            </Button>
          </Can>
        )}
      </Space>
      <ErrorAlert error={q.error} />
      <Table<TransferRequest>
        rowKey="id"
        size="middle"
        loading={q.isPending && orgId !== null}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={columns}
      />
      <LoadMore hasMore={Boolean(q.hasNextPage)} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />

      <Modal
        open={decide !== null}
        title={decide ? `${decide.kind === 'consent' ? tr('consent') : tr('decline')} · ${decide.row.name}` : ''}
        onOk={() => void submitDecision()}
        onCancel={() => setDecide(null)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {decide?.kind === 'consent' && <Typography.Paragraph>{tr('consentIntro', { name: decide.row.name, org: decide.row.toOrgName })}</Typography.Paragraph>}
        <Form form={decideForm} layout="vertical" name="transfer-request-decision">
          {decide?.kind === 'decline' ? (
            <Form.Item name="reason" label={tr('declineReason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          ) : (
            <Form.Item name="note" label={tr('consentNote')}>
              <Input maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>

      <Modal
        open={asking}
        title={tr('ask')}
        onOk={() => void submitAsk()}
        onCancel={() => setAsking(false)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={tr('askHint')} style={{ marginBottom: 16 }} />
        <Form form={askForm} layout="vertical" name="transfer-request" initialValues={{ reason: 'study' }}>
          <Form.Item name="name" label={tr('name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
          <Form.Item name="idNumber" label={tr('idNumber')} rules={[{ required: true, len: 18 }]} normalize={(v?: string) => v?.trim().toUpperCase()}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item name="reason" label={tr('reason')} rules={[{ required: true }]}>
            <Select options={reasons.map((r) => ({ value: r, label: ml(`reason.${r}`) }))} />
          </Form.Item>
          <Form.Item name="toOrgId" label={tr('to')} rules={[{ required: true }]}>
            <OrgTreeSelect aria-label={tr('to')} />
          </Form.Item>
          <Form.Item name="note" label={tr('note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
