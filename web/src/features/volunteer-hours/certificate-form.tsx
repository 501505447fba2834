import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { VolunteerSelect } from '../volunteers/pickers';

type Values = { orgId: number; volunteerId: string; responsiblePerson: string; contact: string };

/** Issues a service certificate: the org that recorded the hours, for one volunteer. */
export function CertificateFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { orgId } = useScope();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      await api.post('/volunteer-hours/certificates', v);
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
    <Modal open={open} title={t('vh.issue')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden>
      <p>{t('vh.issueHint')}</p>
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" name="issue-form" initialValues={{ orgId: orgId ?? undefined }} onFinish={submit}>
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
      </Form>
    </Modal>
  );
}
