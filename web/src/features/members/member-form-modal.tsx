import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { applyFieldError, errorMessage } from '../../components/api-error';
import { isLinkRequested, useLinkRequestedNotice } from '../people/link-requested';
import { useMem } from './member-i18n';

type Values = { orgId: number; name: string; idNumber: string; phone?: string; admittedOn: Dayjs; developmentNumber?: string; leaguePost?: string };

/** Records an existing member (e.g. admitted before the platform). */
export function MemberFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const tm = useMem();
  const { message } = App.useApp();
  const linkNotice = useLinkRequestedNotice();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const m = await ok(
        client.POST('/api/v1/members', {
          body: {
            orgId: v.orgId,
            person: { name: v.name, idNumber: v.idNumber, phone: v.phone || null },
            admittedOn: v.admittedOn.format('YYYY-MM-DD'),
            developmentNumber: v.developmentNumber || null,
            leaguePost: v.leaguePost || null,
          },
        }),
      );
      // 202: the ID number is kept by another organisation; nothing was recorded yet.
      if (isLinkRequested(m)) linkNotice(m);
      else message.success(t('common.saved'));
      form.resetFields();
      onDone();
    } catch (e) {
      // Person fields come back as person.name etc. only when nested; ours are flat names.
      applyFieldError(form, e);
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={tm('mem.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" name="member-create" onFinish={submit}>
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
        <Form.Item label={tm('mem.admittedOn')} name="admittedOn" rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={tm('mem.developmentNumber')} name="developmentNumber" extra={tm('mem.devNoHint')}>
          <Input maxLength={12} />
        </Form.Item>
        <Form.Item label={tm('mem.leaguePost')} name="leaguePost">
          <Select allowClear options={['团支部书记', '组织委员', '宣传委员', '文体委员'].map((p) => ({ value: p, label: p }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
