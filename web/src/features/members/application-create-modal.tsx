import { App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { applyFieldError, errorMessage } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { isLinkRequested, useLinkRequestedNotice } from '../people/link-requested';
import { useMem } from './member-i18n';

type Values = { orgId: number; name: string; idNumber: string; phone?: string; appliedOn: Dayjs; comment?: string };

/** A written application handed in to the branch, entered by its secretary. */
export function ApplicationCreateModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const tm = useMem();
  const { message } = App.useApp();
  const linkNotice = useLinkRequestedNotice();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const created = await ok(
        client.POST('/api/v1/member-applications', {
          body: {
            orgId: v.orgId,
            person: { name: v.name, idNumber: v.idNumber, phone: v.phone || null },
            appliedOn: v.appliedOn.format('YYYY-MM-DD'),
            comment: v.comment || null,
          },
        }),
      );
      // 202: the person is kept by another organisation; nothing was recorded yet.
      if (isLinkRequested(created)) linkNotice(created);
      else message.success(t('common.saved'));
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
    <Modal open={open} title={tm('dev.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden forceRender>
      <Form<Values> form={form} layout="vertical" name="application-create" initialValues={{ appliedOn: dayjs() }} onFinish={submit}>
        <Form.Item label={tm('mem.branch')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect aria-label={tm('mem.branch')} />
        </Form.Item>
        <Form.Item label={tm('mem.name')} name="name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={tm('mem.idNumber')} name="idNumber" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={tm('mem.phone')} name="phone">
          <Input />
        </Form.Item>
        <Form.Item label={tm('dev.appliedOn')} name="appliedOn" rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={tm('dev.comment')} name="comment">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
