import { Form, Input } from 'antd';
import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { VolunteerSelect } from '../volunteers/pickers';

type Values = { orgId: number; volunteerId: string; responsiblePerson: string; contact: string };

/** Issues a service certificate: the org that recorded the hours, for one volunteer. */
export function CertificateFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { orgId } = useScope();
  const [form] = Form.useForm<Values>();
  const submit = async (v: Values) => {
    await api.post('/volunteer-hours/certificates', v);
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
      <Form.Item label={t('vpick.issuerOrg')} name="orgId" rules={[{ required: true }]}>
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
