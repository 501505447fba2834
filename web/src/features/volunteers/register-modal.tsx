import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { VolunteerInput } from '../../api/types';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { isLinkRequested, useLinkRequestedNotice } from '../people/link-requested';
import { useVolunteerText } from './messages';
import { SKILLS, AREAS } from './options';

type Values = {
  orgId: number;
  name: string;
  idNumber: string;
  phone?: string;
  skills?: string[];
  areas?: string[];
  insuredUntil?: Dayjs | null;
  selfSupporting?: boolean;
  guardianName?: string;
  guardianRelation?: string;
  guardianConsentOn?: Dayjs | null;
};

/** Real-name registration; the server applies the age rules (14/16/18) and names the field it refuses. */
export function RegisterModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useVolunteerText();
  const { message } = App.useApp();
  const linkNotice = useLinkRequestedNotice();
  const { orgId } = useScope();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const body: VolunteerInput = {
      orgId: v.orgId,
      person: { name: v.name, idNumber: v.idNumber, phone: v.phone || null },
      skills: v.skills ?? [],
      areas: v.areas ?? [],
      insuredUntil: v.insuredUntil?.format('YYYY-MM-DD') ?? null,
      selfSupporting: v.selfSupporting ?? false,
      guardianName: v.guardianName || null,
      guardianRelation: v.guardianRelation || null,
      guardianConsentOn: v.guardianConsentOn?.format('YYYY-MM-DD') ?? null,
    };
    try {
      const created = await ok(client.POST('/api/v1/volunteers', { body }));
      // 202: the ID number is kept by another organisation; a link request went to it (or to the person).
      if (isLinkRequested(created)) linkNotice(created);
      else message.success(t('vol.registered', { number: created.number }));
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
    <Modal title={t('vol.register')} open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden width={640}>
      <Alert type="info" showIcon title={t('vol.ageRules')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" name="volunteer-register" initialValues={{ orgId }} onFinish={submit}>
        <Form.Item label={t('vol.org')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item label={t('vol.name')} name="name" rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('vol.idNumber')} name="idNumber" rules={[{ required: true }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item label={t('vol.phone')} name="phone">
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item label={t('vol.skills')} name="skills">
          <Select mode="tags" options={SKILLS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item label={t('vol.areas')} name="areas">
          <Select mode="tags" options={AREAS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item label={t('vol.insuredUntil')} name="insuredUntil">
          <DatePicker />
        </Form.Item>
        <Form.Item name="selfSupporting" valuePropName="checked">
          <Checkbox>{t('vol.selfSupporting')}</Checkbox>
        </Form.Item>
        <Form.Item label={t('vol.guardianName')} name="guardianName">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('vol.guardianRelation')} name="guardianRelation">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label={t('vol.guardianConsentOn')} name="guardianConsentOn">
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
