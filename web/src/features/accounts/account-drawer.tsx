import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Form, Input, List, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Account } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { AccountStatusBadge } from './account-status';
import { useRoles } from './use-roles';

type GrantValues = { role: string; orgId: number };

export function AccountDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roles = useRoles().data?.items ?? [];
  const [grantForm] = Form.useForm<GrantValues>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<unknown>(null);

  const acc = useQuery({
    queryKey: ['account', id],
    enabled: id !== null,
    queryFn: () => api.get<Account>(`/accounts/${id}`),
  });
  const a = acc.data;

  const run = async (fn: () => Promise<unknown>, form?: Parameters<typeof applyFieldError>[0]) => {
    setError(null);
    try {
      await fn();
      message.success(t('common.done'));
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

  const addGrant = async () => {
    const v = await grantForm.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    if (await run(() => api.post(`/accounts/${id}/grants`, v), grantForm)) grantForm.resetFields();
  };
  const resetPassword = async () => {
    const v = await pwForm.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    if (await run(() => api.post(`/accounts/${id}/password`, v), pwForm)) pwForm.resetFields();
  };
  const required = [{ required: true, message: t('login.required') }];

  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={a?.displayName ?? ''} loading={acc.isLoading}>
      <ErrorAlert error={acc.error ?? error} />
      {a && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('acc.username')}>{a.username}</Descriptions.Item>
            <Descriptions.Item label={t('acc.displayName')}>{a.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('acc.homeOrg')}>{a.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <AccountStatusBadge status={a.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('acc.lastLogin')}>{a.lastLoginAt ?? t('common.none')}</Descriptions.Item>
            {a.lockedUntil && <Descriptions.Item label={t('acc.lockedUntil')}>{a.lockedUntil}</Descriptions.Item>}
          </Descriptions>
          <Popconfirm
            title={a.status === 'active' ? t('acc.disableConfirm') : t('acc.enableConfirm')}
            onConfirm={() => run(() => api.patch(`/accounts/${a.id}`, { status: a.status === 'active' ? 'disabled' : 'active' }))}
          >
            <Button danger={a.status === 'active'}>{a.status === 'active' ? t('acc.disable') : t('acc.enable')}</Button>
          </Popconfirm>
          <section>
            <h2 style={{ fontSize: 15 }}>{t('acc.grants')}</h2>
            <List
              size="small"
              bordered
              dataSource={a.grants}
              renderItem={(g) => (
                <List.Item
                  actions={[
                    <Popconfirm key="revoke" title={t('acc.revokeConfirm')} onConfirm={() => run(() => api.post(`/accounts/${a.id}/grants/${g.id}/revoke`))}>
                      <Button size="small" danger>
                        {t('acc.revoke')}
                      </Button>
                    </Popconfirm>,
                  ]}
                >
                  {g.roleLabel} · {g.orgName}
                </List.Item>
              )}
            />
            <Form form={grantForm} layout="vertical" name="grant-add" style={{ marginTop: 12 }}>
              <Form.Item label={t('acc.role')} name="role" rules={required}>
                <Select options={roles.map((r) => ({ value: r.value, label: r.label }))} />
              </Form.Item>
              <Form.Item label={t('acc.grantOrg')} name="orgId" rules={required}>
                <OrgTreeSelect style={{ width: '100%' }} />
              </Form.Item>
              <Button type="primary" onClick={addGrant}>
                {t('acc.addGrant')}
              </Button>
            </Form>
          </section>
          <section>
            <h2 style={{ fontSize: 15 }}>{t('acc.resetPassword')}</h2>
            <Form form={pwForm} layout="vertical" name="password-reset">
              <Form.Item label={t('acc.newPassword')} name="password" rules={required}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button onClick={resetPassword}>{t('acc.resetPassword')}</Button>
            </Form>
          </section>
        </Space>
      )}
    </Drawer>
  );
}
