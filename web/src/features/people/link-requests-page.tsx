import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { ListItem } from '../../api/client';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { useLinkText } from './messages';
import { TAG_COLORS } from '../../components/tag-colors';

type Incoming = ListItem<'/api/v1/people/link-requests'>;
type Sent = ListItem<'/api/v1/people/link-requests/sent'>;
type Status = Incoming['status'];
type Purpose = Incoming['purpose'];

const statusColor: Record<Status, string> = { requested: TAG_COLORS.gold, accepted: TAG_COLORS.green, declined: TAG_COLORS.red, expired: 'default' };
const statuses = Object.keys(statusColor) as Status[];
const KEY = ['link-requests'] as const;

/** What the request asks for (the server labels its payload's fields): what a keeper weighs before accepting. */
function Details({ details }: { details: Incoming['details'] }) {
  if (details.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text type="secondary">
      {details.map((d) => (
        <div key={d.field}>
          {d.label}：{d.value}
        </div>
      ))}
    </Typography.Text>
  );
}

/** 人员关联申请: requests about people this org keeps (accept / decline), and the ones it sent. */
export function LinkRequestsPage() {
  const t = useLinkText();
  const { t: app } = useI18n();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [box, setBox] = useState<'incoming' | 'sent'>('incoming');
  const [status, setStatus] = useState<Status | ''>('requested');
  const [declining, setDeclining] = useState<Incoming | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const query = { orgId, status: status || null };
  const inbox = usePaged('/api/v1/people/link-requests', query, { key: [...KEY, 'incoming'], enabled: orgId !== null && box === 'incoming' });
  const outbox = usePaged('/api/v1/people/link-requests/sent', query, { key: [...KEY, 'sent'], enabled: orgId !== null && box === 'sent' });
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });

  const purposeTag = (p: Purpose) => <Tag>{t(`purpose.${p}`)}</Tag>;
  const statusTag = (s: Status) => <Tag color={statusColor[s]}>{t(`status.${s}`)}</Tag>;

  const accept = async (r: Incoming) => {
    try {
      await ok(client.POST('/api/v1/people/link-requests/{id}/accept', { params: { path: { id: r.id } } }));
      message.success(t('accepted'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const decline = async () => {
    if (!declining) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await ok(client.POST('/api/v1/people/link-requests/{id}/decline', { params: { path: { id: declining.id } }, body: { reason: v.reason || null } }));
      message.success(t('declined'));
      setDeclining(null);
      form.resetFields();
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const common = {
    requestedOn: { key: 'requestedOn', title: t('requestedOn'), dataIndex: 'requestedOn', width: 110 },
    purpose: { key: 'purpose', title: t('purpose'), render: (_: unknown, r: Incoming | Sent) => purposeTag(r.purpose) },
    status: { key: 'status', title: app('common.status'), render: (_: unknown, r: Incoming | Sent) => statusTag(r.status) },
    expiresOn: { key: 'expiresOn', title: t('expiresOn'), dataIndex: 'expiresOn', width: 110 },
    reason: { key: 'reason', title: t('reason'), render: (_: unknown, r: Incoming | Sent) => r.reason ?? app('common.none') },
  };
  const list = box === 'incoming' ? inbox : outbox;

  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Alert type="info" showIcon title={t('intro')} style={{ marginBottom: 16 }} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<'incoming' | 'sent'>
          aria-label={t('title')}
          value={box}
          onChange={setBox}
          options={[
            { value: 'incoming', label: t('incoming') },
            { value: 'sent', label: t('sent') },
          ]}
        />
        <Select<Status | ''>
          aria-label={app('common.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={[{ value: '', label: app('common.all') }, ...statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
      </Space>
      <ErrorAlert error={list.error} />
      {box === 'incoming' ? (
        <Table<Incoming>
          rowKey="id"
          size="small"
          loading={inbox.isLoading}
          dataSource={inbox.rows}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            common.requestedOn,
            common.purpose,
            { key: 'requester', title: t('requester'), width: 180, render: (_, r) => r.requestingOrgName },
            { key: 'requestedBy', title: t('requestedBy'), render: (_, r) => r.requestedByName ?? app('common.none') },
            {
              key: 'typedName',
              title: t('typedName'),
              render: (_, r) => (
                <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                  {r.typedName}
                  {!r.nameMatches && <Tag color={TAG_COLORS.volcano}>{t('nameDiffers')}</Tag>}
                </Space>
              ),
            },
            { key: 'person', title: t('person'), render: (_, r) => `${r.person.name}（${r.person.orgName}，${r.person.idNumber ?? r.idNumber}）` },
            { key: 'details', title: t('details'), width: 180, render: (_, r) => <Details details={r.details} /> },
            common.status,
            common.expiresOn,
            {
              key: 'decided',
              title: t('decided'),
              render: (_, r) =>
                r.status === 'requested' ? (
                  <Can permission="person.write" fallback={app('common.none')}>
                    <Space>
                      <Popconfirm title={t('acceptConfirm')} onConfirm={() => accept(r)} okText={t('accept')} cancelText={app('common.cancel')}>
                        <Button size="small" type="primary">
                          {t('accept')}
                        </Button>
                      </Popconfirm>
                      <Button size="small" danger onClick={() => setDeclining(r)}>
                        {t('decline')}
                      </Button>
                    </Space>
                  </Can>
                ) : (
                  [r.decidedByName, r.decidedAt?.slice(0, 10), r.resultEntity ? t(`result.${r.resultEntity as Purpose}`) : r.reason]
                    .filter(Boolean)
                    .join(' · ') || app('common.none')
                ),
            },
          ]}
        />
      ) : (
        <Table<Sent>
          rowKey="id"
          size="small"
          loading={outbox.isLoading}
          dataSource={outbox.rows}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            common.requestedOn,
            common.purpose,
            { key: 'org', title: t('requester'), dataIndex: 'orgName' },
            { key: 'typedName', title: t('typedName'), dataIndex: 'typedName' },
            { key: 'idNumber', title: t('idNumber'), dataIndex: 'idNumber' },
            common.status,
            common.expiresOn,
            { key: 'result', title: t('result'), render: (_, r) => (r.resultEntity ? t(`result.${r.resultEntity as Purpose}`) : app('common.none')) },
            common.reason,
          ]}
        />
      )}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />
      <Modal
        open={declining !== null}
        title={t('declineTitle')}
        onCancel={() => setDeclining(null)}
        onOk={decline}
        okText={t('decline')}
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="link-decline">
          <Form.Item label={t('reason')} name="reason">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
