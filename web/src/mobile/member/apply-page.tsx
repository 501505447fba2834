import { Alert, App, Button, Card, Form, Input, Segmented } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyFieldError, errorMessage } from '../../components/api-error';
import { PendingLinkAlert } from '../../features/people/own-link-requests';
import { BranchPicker } from './branch-picker';
import { MobileShell } from './mobile-shell';
import { useM } from './m-i18n';
import { useMem } from '../../features/members/member-i18n';

type SignupValues = { username: string; password: string; name: string; idNumber: string; phone?: string; orgId: number; comment?: string };
type ApplyValues = { orgId: number; comment?: string };

/** 入团申请 on the phone: sign up (real name) or sign in, then hand in the application to a branch. */
export function ApplyPage() {
  const { t } = useI18n();
  const tm = useM();
  const mem = useMem();
  const { me, login } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [mode, setMode] = useState<'signup' | 'login'>('signup');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [signupForm] = Form.useForm<SignupValues>();
  const [loginForm] = Form.useForm<{ username: string; password: string }>();
  const [applyForm] = Form.useForm<ApplyValues>();

  const apply = async (v: ApplyValues) => {
    await ok(client.POST('/api/v1/self/member-applications', { body: { orgId: v.orgId, comment: v.comment || null } }));
    message.success(tm('m.applied'));
    navigate('/m/member/stage');
  };

  const run = async (fn: () => Promise<void>, form: Parameters<typeof applyFieldError>[0]) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      applyFieldError(form, e);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <MobileShell title={tm('m.applyTitle')}>
      <Card size="small" style={{ marginBottom: 12 }}>
        {tm('m.applyIntro')}
      </Card>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      {me && <PendingLinkAlert />}
      {me ? (
        <Card size="small">
          <Form<ApplyValues> form={applyForm} layout="vertical" name="m-apply" onFinish={(v) => run(() => apply(v), applyForm)}>
            <Form.Item label={tm('m.branch')} name="orgId" rules={[{ required: true }]}>
              <BranchPicker />
            </Form.Item>
            <Form.Item label={tm('m.statement')} name="comment">
              <Input.TextArea rows={4} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {tm('m.submit')}
            </Button>
          </Form>
          <Link to="/m/member/stage" style={{ display: 'block', marginTop: 12, textAlign: 'center' }}>
            {tm('m.myStage')}
          </Link>
        </Card>
      ) : (
        <Card size="small">
          <Segmented<'signup' | 'login'>
            block
            aria-label={tm('m.mode')}
            value={mode}
            onChange={setMode}
            style={{ marginBottom: 12 }}
            options={[
              { value: 'signup', label: tm('m.signup') },
              { value: 'login', label: tm('m.login') },
            ]}
          />
          {mode === 'signup' ? (
            <Form<SignupValues>
              form={signupForm}
              layout="vertical"
              name="m-signup"
              onFinish={(v) =>
                run(async () => {
                  const account = await ok(
                    client.POST('/api/v1/self/signup', {
                      body: { username: v.username, password: v.password, name: v.name, idNumber: v.idNumber, phone: v.phone || null, orgId: v.orgId },
                    }),
                  );
                  await login(v.username, v.password);
                  // pending_link: the ID number is on file; applying waits until the keeping org links the account.
                  if (account.status === 'active') await apply(v);
                }, signupForm)
              }
            >
              <Form.Item label={mem('mem.name')} name="name" rules={[{ required: true }]}>
                <Input autoComplete="name" />
              </Form.Item>
              <Form.Item label={mem('mem.idNumber')} name="idNumber" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item label={mem('mem.phone')} name="phone">
                <Input inputMode="tel" autoComplete="tel" />
              </Form.Item>
              <Form.Item label={tm('m.branch')} name="orgId" rules={[{ required: true }]}>
                <BranchPicker />
              </Form.Item>
              <Form.Item label={tm('m.statement')} name="comment">
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
                <Input autoComplete="username" />
              </Form.Item>
              <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]} extra={tm('m.passwordHint')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {tm('m.signupAndApply')}
              </Button>
            </Form>
          ) : (
            <Form form={loginForm} layout="vertical" name="m-login" onFinish={(v) => run(async () => void (await login(v.username, v.password)), loginForm)}>
              <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
                <Input autoComplete="username" />
              </Form.Item>
              <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('login.submit')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </MobileShell>
  );
}
