import { useQuery } from '@tanstack/react-query';
import { Alert, App, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, client, ok } from '../../api/client';
import type { Application, ApplicationActionBody } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { errorMessage } from '../../components/api-error';
import { type MemKey, useMem } from './member-i18n';

export type DevAction = 'activist' | 'lessons' | 'candidate' | 'review' | 'vote' | 'approve' | 'ceremony' | 'reject';
type Values = Omit<ApplicationActionBody, 'date'> & { date: Dayjs };

/** Which inputs each step takes besides its date and comment. */
const FIELDS: Record<DevAction, string[]> = {
  activist: ['route'],
  lessons: ['hours'],
  candidate: ['sponsor1Id', 'sponsor2Id'],
  review: [],
  vote: ['eligible', 'present', 'yes'],
  approve: ['developmentNumber', 'quotaOverride'],
  ceremony: [],
  reject: ['reason'],
};

function SponsorSelect({ orgId, id, value, onChange }: { orgId: number; id?: string; value?: string; onChange?: (v: string) => void }) {
  const tm = useMem();
  const [q, setQ] = useState('');
  const r = useQuery({
    queryKey: ['members', 'sponsors', orgId, q],
    queryFn: () => ok(client.GET('/api/v1/members', { params: { query: { orgId, status: 'active', q: q || undefined, limit: 30 } } })),
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={tm('dev.pickSponsor')}
      options={(r.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.developmentNumber ?? m.admittedOn}）` }))}
    />
  );
}

function QuotaNote({ id }: { id: string }) {
  const tm = useMem();
  const q = useQuery({ queryKey: ['quota', id], queryFn: () => ok(client.GET('/api/v1/member-applications/{id}/quota', { params: { path: { id } } })) });
  const quota = q.data?.quota;
  if (!q.data) return null;
  if (!quota) return <Alert type="info" showIcon style={{ marginBottom: 12 }} title={tm('dev.noQuota')} />;
  const over = quota.used + 1 > quota.max;
  return (
    <Alert
      type={over ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      title={tm('dev.quotaUse', { org: quota.orgName, year: quota.year, used: quota.used, max: quota.max, size: quota.cohortSize, percent: quota.percent })}
      description={over ? tm('dev.quotaOver') : undefined}
    />
  );
}

export function ActionModal({ app, action, onClose, onDone }: { app: Application | null; action: DevAction | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const tm = useMem();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = action ? FIELDS[action] : [];

  const submit = async (v: Values) => {
    if (!app || !action) return;
    setSaving(true);
    setError(null);
    try {
      const body = { ...v, date: v.date.format('YYYY-MM-DD') };
      // Every step takes the same body and answers the new stage (and, for a vote, whether it passed).
      const res = await ok(client.POST(`/api/v1/member-applications/{id}/${action}`, { params: { path: { id: app.id } }, body }));
      message.success(res.passed === false ? tm('dev.voteFailed') : t('common.done'));
      form.resetFields();
      onDone();
    } catch (e) {
      // The server names the field; show it there, or above the form when it is not an input here.
      const field = e instanceof ApiError ? (e.field === 'quota' ? 'quotaOverride' : e.field) : undefined;
      if (field && (field === 'date' || field === 'comment' || fields.includes(field)))
        form.setFields([{ name: field as keyof Values, errors: [errorMessage(e)] }]);
      else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={app !== null && action !== null}
      title={action ? `${tm(`dev.action.${action}` as MemKey)}：${app?.name ?? ''}` : ''}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      {app && action === 'approve' && <QuotaNote id={app.id} />}
      {app && action === 'vote' && (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={tm('dev.voteRule')}>{tm('dev.voteRuleText')}</Descriptions.Item>
        </Descriptions>
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form<Values> form={form} layout="vertical" name={`dev-${action ?? 'none'}`} initialValues={{ date: dayjs() }} onFinish={submit}>
        <Form.Item label={tm('dev.date')} name="date" rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {fields.includes('route') && (
          <Form.Item label={tm('dev.route')} name="route" rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'recommendation', label: tm('dev.route.recommendation') },
                { value: 'young_pioneers', label: tm('dev.route.young_pioneers') },
              ]}
            />
          </Form.Item>
        )}
        {fields.includes('hours') && (
          <Form.Item label={tm('dev.hours')} name="hours" rules={[{ required: true }]}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {app &&
          (['sponsor1Id', 'sponsor2Id'] as const)
            .filter((f) => fields.includes(f))
            .map((f) => (
              <Form.Item key={f} label={tm(`dev.${f}`)} name={f} rules={[{ required: true }]}>
                <SponsorSelect orgId={app.orgId} />
              </Form.Item>
            ))}
        {(['eligible', 'present', 'yes'] as const)
          .filter((f) => fields.includes(f))
          .map((f) => (
            <Form.Item key={f} label={tm(`dev.${f}`)} name={f} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          ))}
        {fields.includes('developmentNumber') && (
          <Form.Item label={tm('mem.developmentNumber')} name="developmentNumber" extra={tm('dev.devNoAuto')}>
            <Input maxLength={12} />
          </Form.Item>
        )}
        {fields.includes('quotaOverride') && (
          <Form.Item label={tm('dev.quotaOverride')} name="quotaOverride">
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {fields.includes('reason') ? (
          <Form.Item label={t('common.reason')} name="reason" rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : (
          <Form.Item label={tm('dev.comment')} name="comment">
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
