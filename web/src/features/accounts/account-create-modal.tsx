import { Form, Input, Select } from 'antd';
import { client, ok } from '../../api/client';
import type { AccountCreate } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useAccountText } from './messages';
import { useRoles } from './use-roles';

type Props = { open: boolean; onClose: () => void; onDone: (id: string) => void };

export function AccountCreateModal({ open, onClose, onDone }: Props) {
  const t = useAccountText();
  const { t: app } = useI18n();
  const { orgId } = useScope();
  const roles = useRoles().data?.items ?? [];
  const [form] = Form.useForm<AccountCreate>();
  const required = [{ required: true, message: app('login.required') }];

  const submit = async (v: AccountCreate) => {
    const created = await ok(client.POST('/api/v1/accounts', { body: v }));
    form.resetFields();
    onDone(created.id);
  };

  return (
    <FormModal<AccountCreate>
      open={open}
      title={t('create')}
      form={form}
      name="account-create"
      onClose={onClose}
      onSubmit={submit}
      // New accounts usually belong to, and are granted on, the org in scope.
      initialValues={{ orgId: orgId ?? undefined, grantOrgId: orgId ?? undefined }}
    >
      <Form.Item label={t('username')} name="username" rules={required}>
        <Input maxLength={64} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('displayName')} name="displayName" rules={required}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item label={t('homeOrg')} name="orgId" rules={required}>
        <OrgTreeSelect style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={t('password')} name="password" rules={required}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('role')} name="role" rules={required}>
        <Select options={roles.map((r) => ({ value: r.value, label: r.label }))} />
      </Form.Item>
      <Form.Item label={t('grantOrg')} name="grantOrgId" rules={required}>
        <OrgTreeSelect style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
