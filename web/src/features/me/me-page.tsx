import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Col, Form, Input, Popconfirm, Row, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Session } from '../../api/types';
import { ME_KEY, useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { PageTitle } from '../../components/page-title';
import { useMeText } from './messages';

type PwValues = { currentPassword: string; newPassword: string; confirm: string };
const fmt = (s: string) => dayjs(s).format('YYYY-MM-DD HH:mm');

export function MePage() {
  const t = useMeText();
  const { t: app } = useI18n();
  const { me, logout } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PwValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => ok(client.GET('/api/v1/auth/sessions')) });

  const changePassword = async (v: PwValues) => {
    setBusy(true);
    setError(null);
    try {
      await ok(client.POST('/api/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }));
      form.resetFields();
      message.success(t('changed'));
      // Everything: pages refused while the password had to be changed (403) may load now.
      await qc.invalidateQueries({ queryKey: ME_KEY });
      qc.invalidateQueries();
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/auth/sessions/{id}/revoke', { params: { path: { id } } }));
      message.success(app('common.done'));
      sessions.refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const required = { required: true, message: app('login.required') };

  return (
    <>
      <PageTitle
        extra={
          <Button danger onClick={() => void logout()}>
            {app('user.logout')}
          </Button>
        }
      >
        {t('title')}
        {me && (
          <span style={{ fontSize: 14, fontWeight: 400, marginLeft: 12 }}>
            {me.account.displayName}（{me.account.username}）
          </span>
        )}
      </PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('password')}</h2>}>
            {me?.account.mustChangePassword && <Alert type="warning" showIcon title={app('user.mustChange')} style={{ marginBottom: 16 }} />}
            <ErrorAlert error={error} />
            <Form<PwValues> form={form} layout="vertical" name="change-password" onFinish={changePassword}>
              <Form.Item label={t('currentPassword')} name="currentPassword" rules={[required]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item label={t('newPassword')} name="newPassword" rules={[required]} extra={t('policy')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                label={t('confirmPassword')}
                name="confirm"
                dependencies={['newPassword']}
                rules={[
                  required,
                  ({ getFieldValue }) => ({
                    validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('mismatch')))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {app('common.save')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('sessions')}</h2>}>
            <ErrorAlert error={sessions.error} />
            <Table<Session>
              rowKey="id"
              size="small"
              loading={sessions.isLoading}
              dataSource={sessions.data?.items ?? []}
              pagination={false}
              columns={[
                {
                  key: 'createdAt',
                  title: t('createdAt'),
                  render: (_, r) => (
                    <>
                      {fmt(r.createdAt)}
                      {r.current && <Badge status="processing" text={t('current')} style={{ marginLeft: 8 }} />}
                    </>
                  ),
                },
                { key: 'lastSeenAt', title: t('lastSeenAt'), render: (_, r) => fmt(r.lastSeenAt) },
                { key: 'ip', title: t('ip'), dataIndex: 'ip' },
                { key: 'ua', title: t('userAgent'), dataIndex: 'userAgent', ellipsis: true },
                {
                  key: 'actions',
                  title: app('common.actions'),
                  render: (_, r) =>
                    r.current ? null : (
                      <Popconfirm title={t('revokeConfirm')} onConfirm={() => revoke(r.id)}>
                        <Button size="small" danger>
                          {t('revoke')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
