import { Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { ActivitySelect, ShiftSelect, VolunteerSelect } from '../volunteers/pickers';

type Values = { activityId?: string; shiftId: string; volunteerId: string; hours: number; reason: string };

/** Hours entered by hand for a volunteer who could not scan: the shift, the volunteer, how long and why. */
export function ClaimFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const activityId = Form.useWatch('activityId', form);
  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      await api.post('/volunteer-hours/claims', { volunteerId: v.volunteerId, shiftId: v.shiftId, hours: v.hours, reason: v.reason });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('vh.newClaim')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden>
      <ErrorAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="claim-form"
        onFinish={submit}
        onValuesChange={(changed) => {
          // Another activity: the shift chosen before belongs to the old one.
          if ('activityId' in changed) form.setFieldValue('shiftId', undefined);
        }}
      >
        <Form.Item label={t('vh.activity')} name="activityId" rules={[{ required: true }]}>
          <ActivitySelect />
        </Form.Item>
        <Form.Item label={t('vh.shift')} name="shiftId" rules={[{ required: true }]}>
          <ShiftSelect activityId={activityId} />
        </Form.Item>
        <Form.Item label={t('vh.volunteerName')} name="volunteerId" rules={[{ required: true }]}>
          <VolunteerSelect />
        </Form.Item>
        <Form.Item label={t('vh.hours')} name="hours" rules={[{ required: true }]}>
          <InputNumber min={0.5} max={24} step={0.5} />
        </Form.Item>
        <Form.Item label={t('common.reason')} name="reason" rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
