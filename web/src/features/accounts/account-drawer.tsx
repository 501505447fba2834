import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Form, type FormInstance, Input, List, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { AccountStatusBadge } from './account-status';
import { useAccountText } from './messages';
import { useRoles } from './use-roles';

type GrantValues = { role: string; orgId: number };
type PasswordValues = { password: string };

export function AccountDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useAccountText();
  const { t: app } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  // Reading accounts is wider than managing them: without `account.manage` the drawer only shows.
  const manage = useCan()('account.manage');
  const roles = useRoles().data?.items ?? [];
  const [grantForm] = Form.useForm<GrantValues>();
  const [pwForm] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<unknown>(null);

  const acc = useQuery({
    queryKey: ['account', id],
    enabled: id !== null,
    queryFn: () => ok(client.GET('/api/v1/accounts/{id}', { params: { path: { id: String(id) } } })),
  });
  const a = acc.data;

  /** Runs a change; a refusal shows above the drawer and, with `form`, on the field the server names. */
  const run = async <V,>(fn: () => Promise<unknown>, form?: FormInstance<V>) => {
    setError(null);
    try {
      await fn();
      message.success(app('common.done'));
      qc.invalidateQueries({ queryKey: ['account', id] });
      qc.invalidateQueries({ queryKey: ['accounts'] });
      return true;
    } catch (e) {
      setError(e);
      if (form) applyFieldError(form, e);
      else message.error(errorMessage(e));
      return false;
    }
  };

  if (!a) {
    return (
      <Drawer open={id !== null} onClose={onClose} size={560} title="" loading={acc.isLoading}>
        <ErrorAlert error={acc.error} />
      </Drawer>
    );
  }

  const path = { id: a.id };
  const addGrant = async () => {
    const v = await grantForm.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    if (await run(() => ok(client.POST('/api/v1/accounts/{id}/grants', { params: { path }, body: v })), grantForm)) grantForm.resetFields();
  };
  const resetPassword = async () => {
    const v = await pwForm.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    if (await run(() => ok(client.POST('/api/v1/accounts/{id}/password', { params: { path }, body: v })), pwForm)) pwForm.resetFields();
  };
  const toggleStatus = () =>
    run(() => ok(client.PATCH('/api/v1/accounts/{id}', { params: { path }, body: { status: a.status === 'active' ? 'disabled' : 'active' } })));
  const revoke = (grantId: string) => run(() => ok(client.POST('/api/v1/accounts/{id}/grants/{grantId}/revoke', { params: { path: { id: a.id, grantId } } })));
  const required = [{ required: true, message: app('login.required') }];

  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={a.displayName} loading={acc.isLoading}>
      <ErrorAlert error={acc.error ?? error} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('username')}>{a.username}</Descriptions.Item>
          <Descriptions.Item label={t('displayName')}>{a.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('homeOrg')}>{a.orgName}</Descriptions.Item>
          <Descriptions.Item label={app('common.status')}>
            <AccountStatusBadge status={a.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('lastLogin')}>{a.lastLoginAt ?? app('common.none')}</Descriptions.Item>
          {a.lockedUntil && <Descriptions.Item label={t('lockedUntil')}>{a.lockedUntil}</Descriptions.Item>}
        </Descriptions>
        {manage && (
          <Popconfirm title={a.status === 'active' ? t('disableConfirm') : t('enableConfirm')} onConfirm={toggleStatus}>
            <Button danger={a.status === 'active'}>{a.status === 'active' ? t('disable') : t('enable')}</Button>
          </Popconfirm>
        )}
        <section>
          <h2 style={{ fontSize: 15 }}>{t('grants')}</h2>
          <List
            size="small"
            bordered
            dataSource={a.grants}
            renderItem={(g) => (
              <List.Item
                actions={
                  manage
                    ? [
                        <Popconfirm key="revoke" title={t('revokeConfirm')} onConfirm={() => revoke(String(g.id))}>
                          <Button size="small" danger>
                            {t('revoke')}
                          </Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                {g.roleLabel} · {g.orgName}
              </List.Item>
            )}
          />
          {manage && (
            <Form form={grantForm} layout="vertical" name="grant-add" style={{ marginTop: 12 }}>
              <Form.Item label={t('role')} name="role" rules={required}>
                <Select options={roles.map((r) => ({ value: r.value, label: r.label }))} />
              </Form.Item>
              <Form.Item label={t('grantOrg')} name="orgId" rules={required}>
                <OrgTreeSelect style={{ width: '100%' }} />
              </Form.Item>
              <Button type="primary" onClick={addGrant}>
                {t('addGrant')}
              </Button>
            </Form>
          )}
        </section>
        {manage && (
          <section>
            <h2 style={{ fontSize: 15 }}>{t('resetPassword')}</h2>
            <Form form={pwForm} layout="vertical" name="password-reset">
              <Form.Item label={t('newPassword')} name="password" rules={required}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button onClick={resetPassword}>{t('resetPassword')}</Button>
            </Form>
          </section>
        )}
      </Space>
    </Drawer>
  );
}
