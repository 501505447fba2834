import { skipToken, useQuery } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Meeting } from '../../api/types';
import { applyFieldError, errorMessage } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useOl } from './ol-i18n';

type Values = { orgId: number; kind: Meeting['kind']; heldOn: Dayjs; topic: string; hours?: number; attendeeIds?: string[]; minutes?: string };
type Props = { open: boolean; orgId: number | null; kinds: { value: string; label: string }[]; onClose: () => void; onDone: () => void };

/** Records one meeting: the branch, kind, date, topic, who attended (members of the branch) and minutes. */
export function MeetingModal({ open, orgId, kinds, onClose, onDone }: Props) {
  const ol = useOl();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const branchId = Form.useWatch('orgId', form) ?? orgId;
  const kind = Form.useWatch('kind', form);
  const members = useQuery({
    queryKey: ['org-life-members', branchId],
    queryFn: open && branchId ? () => ok(client.GET('/api/v1/org-life/members', { params: { query: { orgId: branchId } } })) : skipToken,
  });

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await ok(
        client.POST('/api/v1/meetings', {
          body: {
            orgId: v.orgId,
            kind: v.kind,
            heldOn: v.heldOn.format('YYYY-MM-DD'),
            topic: v.topic,
            minutes: v.minutes ?? null,
            hours: v.kind === 'lesson' ? (v.hours ?? null) : null,
            attendeeIds: v.attendeeIds ?? [],
          },
        }),
      );
      message.success(ol('ol.record'));
      form.resetFields();
      onDone();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal title={ol('ol.record')} open={open} onCancel={onClose} onOk={submit} confirmLoading={saving} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ orgId: orgId ?? undefined, kind: 'general_meeting', heldOn: dayjs() }}>
        <Form.Item name="orgId" label={ol('ol.branch')} htmlFor="meeting-org" rules={[{ required: true }]}>
          <OrgTreeSelect id="meeting-org" aria-label={ol('ol.branch')} />
        </Form.Item>
        <Form.Item name="kind" label={ol('ol.kind')} rules={[{ required: true }]}>
          <Select options={kinds} aria-label={ol('ol.kind')} />
        </Form.Item>
        <Form.Item name="heldOn" label={ol('ol.heldOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="topic" label={ol('ol.topic')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        {kind === 'lesson' && (
          <Form.Item name="hours" label={ol('ol.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={8} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="attendeeIds" label={ol('ol.attendees')}>
          <Select
            mode="multiple"
            allowClear
            loading={members.isLoading}
            optionFilterProp="label"
            aria-label={ol('ol.attendees')}
            options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Form.Item name="minutes" label={ol('ol.minutes')}>
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
