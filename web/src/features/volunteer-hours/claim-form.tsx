import { Form, Input, InputNumber } from 'antd';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { FormModal } from '../../components/form-modal';
import { ActivitySelect, ShiftSelect, VolunteerSelect } from '../volunteers/pickers';
import { useHoursText } from './messages';

type Values = { activityId?: string; shiftId: string; volunteerId: string; hours: number; reason: string };

/** Hours entered by hand for a volunteer who could not scan: the shift, the volunteer, how long and why. */
export function ClaimFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const [form] = Form.useForm<Values>();
  const activityId = Form.useWatch('activityId', form);
  const submit = async (v: Values) => {
    await ok(client.POST('/api/v1/volunteer-hours/claims', { body: { volunteerId: v.volunteerId, shiftId: v.shiftId, hours: v.hours, reason: v.reason } }));
    form.resetFields();
    onDone();
  };
  return (
    <FormModal<Values>
      open={open}
      title={t('vh.newClaim')}
      form={form}
      name="claim-form"
      onClose={onClose}
      onSubmit={submit}
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
      <Form.Item label={tc('common.reason')} name="reason" rules={[{ required: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
