import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { LangSwitch } from '../../app/lang-switch';
import { ErrorAlert } from '../../components/api-error';
import { useLoginText } from './messages';

type Values = { username: string; password: string };

export function LoginPage() {
  const { t } = useI18n();
  const text = useLoginText();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  // Too many wrong passwords from here: the server answers 429 with the wait, counted down here.
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= waitUntil) setWaitUntil(null);
    }, 250);
    return () => clearInterval(timer);
  }, [waitUntil]);
  const seconds = waitUntil === null ? 0 : Math.max(1, Math.ceil((waitUntil - now) / 1000));

  if (me) return <Navigate to={from} replace />;

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await login(v.username, v.password);
      navigate(res.account.mustChangePassword ? '/me' : from, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        setError(null);
        setNow(Date.now());
        setWaitUntil(Date.now() + (e.retryAfter ?? 1) * 1000);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <main>
        <Card style={{ width: 360 }}>
          <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
            <h1 style={{ fontSize: 22, margin: 0 }}>{t('login.title')}</h1>
            <LangSwitch />
          </Flex>
          <ErrorAlert error={error} />
          {waitUntil !== null && <Alert type="warning" showIcon title={text('wait', { seconds })} style={{ marginBottom: 16 }} />}
          <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('login.required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} disabled={waitUntil !== null}>
              {waitUntil === null ? t('login.submit') : text('waitButton', { seconds })}
            </Button>
          </Form>
        </Card>
      </main>
    </Flex>
  );
}
