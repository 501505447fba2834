import { Form, Input } from 'antd';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useVolunteerText } from '../volunteers/messages';
import { VolunteerSelect } from '../volunteers/pickers';
import { useHoursText } from './messages';

type Values = { orgId: number; volunteerId: string; responsiblePerson: string; contact: string };

/** Issues a service certificate: the org that recorded the hours, for one volunteer. */
export function CertificateFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useHoursText();
  const tv = useVolunteerText();
  const { orgId } = useScope();
  const [form] = Form.useForm<Values>();
  const submit = async (v: Values) => {
    await ok(client.POST('/api/v1/volunteer-hours/certificates', { body: v }));
    form.resetFields();
    onDone();
  };
  return (
    <FormModal<Values>
      open={open}
      title={t('vh.issue')}
      form={form}
      name="issue-form"
      onClose={onClose}
      onSubmit={submit}
      initialValues={{ orgId: orgId ?? undefined }}
      intro={<p>{t('vh.issueHint')}</p>}
    >
      <Form.Item label={tv('vpick.issuerOrg')} name="orgId" rules={[{ required: true }]}>
        <OrgTreeSelect style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={t('vh.volunteerName')} name="volunteerId" rules={[{ required: true }]}>
        <VolunteerSelect />
      </Form.Item>
      <Form.Item label={t('vh.responsible')} name="responsiblePerson" rules={[{ required: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item label={t('vh.contact')} name="contact" rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
    </FormModal>
  );
}
