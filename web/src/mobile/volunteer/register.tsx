import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useAuth } from '../../app/auth';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { PublicOrgSelect } from '../../components/public-org-select';
import { useHoursText } from '../../features/volunteer-hours/messages';
import { useVolunteerText } from '../../features/volunteers/messages';

type SignupValues = { username: string; password: string; name: string; idNumber: string; phone?: string; orgId: number };

/** New on the phone: a real-name account, then the volunteer registration at an org. */
export function RegisterCard() {
  const t = useHoursText();
  const tv = useVolunteerText();
  const { login } = useAuth();
  const [form] = Form.useForm<SignupValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: SignupValues) => {
    setBusy(true);
    setError(null);
    try {
      const { username, password, name, idNumber, phone, orgId } = v;
      const account = await ok(client.POST('/api/v1/self/signup', { body: { username, password, name, idNumber, phone, orgId } }));
      await login(username, password);
      // pending_link: the ID number is on file; registering waits until the keeping org links the account.
      if (account.status === 'active') await ok(client.POST('/api/v1/self/volunteer', { body: { orgId } }));
      // A fresh start picks up the new session everywhere (the auth query was cleared by login).
      window.location.reload();
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('vm.register')}</h2>}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="volunteer-register" onFinish={onFinish} requiredMark={false}>
        <Form.Item label={t('vm.username')} name="username" rules={[{ required: true }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item label={t('vm.password')} name="password" rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('vm.realName')} name="name" rules={[{ required: true }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item label={t('vm.idNumber')} name="idNumber" rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('vm.phone')} name="phone">
          <Input autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <Form.Item label={t('vm.org')} name="orgId" rules={[{ required: true }]}>
          <PublicOrgSelect aria-label={t('vm.org')} placeholder={tv('vpick.orgHint')} />
        </Form.Item>
        <Form.Item
          name="agree"
          valuePropName="checked"
          rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('vm.agreeRequired')))) }]}
        >
          <Checkbox>{t('vm.agree')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('vm.registerSubmit')}
        </Button>
      </Form>
      <p style={{ marginTop: 12 }}>
        <Link to="/login" state={{ from: '/m/volunteer' }}>
          {t('vm.haveAccount')}
        </Link>
      </p>
    </Card>
  );
}

/** Signed in but not yet a volunteer: register at an org. */
export function BecomeVolunteer() {
  const t = useHoursText();
  const tv = useVolunteerText();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ orgId: number }>();
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('vm.becomeVolunteer')}</h2>}>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="become-volunteer"
        onFinish={(v) =>
          void ok(client.POST('/api/v1/self/volunteer', { body: v }))
            .then(() => qc.invalidateQueries({ queryKey: ['self'] }))
            .catch((e: unknown) => {
              setError(e);
              applyFieldError(form, e);
            })
        }
      >
        <Form.Item label={t('vm.org')} name="orgId" rules={[{ required: true }]}>
          <PublicOrgSelect aria-label={t('vm.org')} placeholder={tv('vpick.orgHint')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('vm.registerSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
