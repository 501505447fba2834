import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Account, AccountCreate } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useRoles } from './use-roles';

type Props = { open: boolean; onClose: () => void; onDone: (a: Account) => void };

export function AccountCreateModal({ open, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { orgId } = useScope();
  const roles = useRoles().data?.items ?? [];
  const [form] = Form.useForm<AccountCreate>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const required = [{ required: true, message: t('login.required') }];

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<Account>('/accounts', v);
      form.resetFields();
      onDone(created);
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('acc.create')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      forceRender
      afterOpenChange={(o) => {
        if (o) {
          setError(null);
          form.setFieldsValue({ orgId: orgId ?? undefined, grantOrgId: orgId ?? undefined });
        }
      }}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="account-create" autoComplete="off">
        <Form.Item label={t('acc.username')} name="username" rules={required}>
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('acc.displayName')} name="displayName" rules={required}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={t('acc.homeOrg')} name="orgId" rules={required}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('acc.password')} name="password" rules={required}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('acc.role')} name="role" rules={required}>
          <Select options={roles.map((r) => ({ value: r.value, label: r.label }))} />
        </Form.Item>
        <Form.Item label={t('acc.grantOrg')} name="grantOrgId" rules={required}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
