import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { useMl } from './ml-i18n';

type Action = { kind: 'leave' | 'removal' | 'reject'; id: string; name?: string; reason?: string } | null;

export function LeavingPage() {
  const ml = useMl();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [action, setAction] = useState<Action>(null);
  const [form] = Form.useForm();
  const ageDue = useQuery({
    queryKey: ['ml-age', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/leaving/age-due', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const lapsed = useQuery({
    queryKey: ['ml-lapsed', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/leaving/lapsed', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const removals = useQuery({
    queryKey: ['ml-removals', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/removals', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const refresh = () => qc.invalidateQueries({ predicate: (x) => String(x.queryKey[0]).startsWith('ml-') });

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    try {
      const path = { id: action.id };
      if (action.kind === 'leave')
        await ok(
          client.POST('/api/v1/members/{id}/leave', { params: { path }, body: { reason: v.reason, leftOn: v.date.format('YYYY-MM-DD'), note: v.note } }),
        );
      else if (action.kind === 'removal')
        await ok(client.POST('/api/v1/members/{id}/removals', { params: { path }, body: { meetingOn: v.date.format('YYYY-MM-DD'), reason: v.note } }));
      else await ok(client.POST('/api/v1/removals/{id}/reject', { params: { path }, body: { reason: v.note } }));
      message.success(t('common.done'));
      setAction(null);
      void refresh();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };
  const approve = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/removals/{id}/approve', { params: { path: { id } }, body: {} }));
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const open = (a: NonNullable<Action>) => {
    form.setFieldsValue({ reason: a.reason ?? 'age', date: dayjs(), note: '' });
    setAction(a);
  };
  const h2 = (s: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{s}</h2>;

  return (
    <>
      <ErrorAlert error={ageDue.error ?? lapsed.error ?? removals.error} />
      <Card size="small" title={h2(ml('ageDue'))} style={{ marginBottom: 16 }}>
        <Table
          rowKey="memberId"
          size="small"
          dataSource={ageDue.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: ml('member'), dataIndex: 'name' },
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('turns28On'), render: (_, r) => (r.overdue ? <Tag color="red">{r.turns28On}</Tag> : r.turns28On) },
            {
              title: t('common.actions'),
              render: (_, r) =>
                can('member.write') && (
                  <Button size="small" type="link" onClick={() => open({ kind: 'leave', id: r.memberId, name: r.name, reason: 'age' })}>
                    {ml('leave')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={h2(ml('lapsed'))} style={{ marginBottom: 16 }}>
        <Table
          rowKey="memberId"
          size="small"
          dataSource={lapsed.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: ml('member'), dataIndex: 'name' },
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('lastPaid'), render: (_, r) => r.lastPaid ?? '—' },
            { title: ml('lastRegistered'), render: (_, r) => r.lastRegistered ?? '—' },
            {
              title: t('common.actions'),
              render: (_, r) =>
                can('member.write') && (
                  <Space>
                    <Button size="small" type="link" onClick={() => open({ kind: 'removal', id: r.memberId, name: r.name })}>
                      {ml('proposeRemoval')}
                    </Button>
                    <Button size="small" type="link" onClick={() => open({ kind: 'leave', id: r.memberId, name: r.name, reason: 'voluntary' })}>
                      {ml('leave')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={h2(ml('removals'))}>
        <Table
          rowKey="id"
          size="small"
          dataSource={removals.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: ml('member'), dataIndex: 'name' },
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('meetingOn'), dataIndex: 'meetingOn' },
            { title: t('common.reason'), dataIndex: 'reason' },
            { title: t('common.status'), render: (_, r) => <Tag>{r.statusLabel}</Tag> },
            {
              title: t('common.actions'),
              render: (_, r) =>
                r.status === 'proposed' &&
                can('member.approve') && (
                  <Space>
                    <Button size="small" type="link" onClick={() => void approve(r.id)}>
                      {ml('approve')}
                    </Button>
                    <Button size="small" type="link" danger onClick={() => open({ kind: 'reject', id: r.id })}>
                      {ml('reject')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={action !== null}
        title={`${action?.kind === 'leave' ? ml('leave') : action?.kind === 'removal' ? ml('proposeRemoval') : ml('reject')} ${action?.name ?? ''}`}
        onOk={() => void submit()}
        onCancel={() => setAction(null)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="vertical" name="leaving-action">
          {action?.kind === 'leave' && (
            <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true }]}>
              <Select options={(['age', 'voluntary', 'party', 'death', 'other'] as const).map((k) => ({ value: k, label: ml(`leave.${k}`) }))} />
            </Form.Item>
          )}
          {action?.kind !== 'reject' && (
            <Form.Item name="date" label={action?.kind === 'leave' ? ml('leftOn') : ml('meetingOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          )}
          <Form.Item name="note" label={ml('note')} rules={[{ required: action?.kind !== 'leave' }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
