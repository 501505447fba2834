import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { LangSwitch } from '../../app/lang-switch';
import { ErrorAlert } from '../../components/api-error';
import { useHoursText } from './messages';

/** Public: anyone checks a certificate's code and sees what the certificate shows, nothing more. */
export function VerifyPage() {
  const t = useHoursText();
  const { code } = useParams();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['verify', code],
    enabled: Boolean(code),
    queryFn: () => ok(client.GET('/api/v1/public/volunteer-certificates/{code}', { params: { path: { code: code ?? '' } } })),
  });
  const f = q.data?.fields;
  return (
    <main style={{ maxWidth: 640, margin: '0 auto', padding: 16, minHeight: '100vh' }}>
      <Flex justify="space-between" align="center">
        <h1 style={{ fontSize: 22 }}>{t('vh.verifyTitle')}</h1>
        <LangSwitch />
      </Flex>
      <Form
        layout="inline"
        name="verify"
        initialValues={{ code }}
        onFinish={(v: { code: string }) => navigate(`/verify/${encodeURIComponent(v.code.trim())}`)}
        style={{ marginBottom: 16 }}
      >
        <Form.Item label={t('vh.verifyCode')} name="code" rules={[{ required: true }]}>
          <Input style={{ width: 220 }} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('vh.verify')}
        </Button>
      </Form>
      <ErrorAlert error={q.error} />
      {q.data && f && (
        <Card>
          <Alert
            type={q.data.status === 'valid' ? 'success' : 'error'}
            showIcon
            title={q.data.status === 'valid' ? t('vh.verifyValid') : t('vh.verifyRevoked')}
            style={{ marginBottom: 12 }}
          />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('vh.certNumber')}>{f.number}</Descriptions.Item>
            <Descriptions.Item label={t('vh.volunteerName')}>{f.volunteerName}</Descriptions.Item>
            <Descriptions.Item label={t('vh.idNumber')}>
              {f.idType} {f.idNumberMasked}
            </Descriptions.Item>
            <Descriptions.Item label={t('vh.volunteerNumber')}>{f.volunteerNumber}</Descriptions.Item>
            <Descriptions.Item label={t('vm.tracked')}>{f.trackedHours.toFixed(1)} h</Descriptions.Item>
            <Descriptions.Item label={t('vm.manual')}>{f.manualHours.toFixed(1)} h</Descriptions.Item>
            <Descriptions.Item label={t('vm.total')}>{f.totalHours.toFixed(1)} h</Descriptions.Item>
            <Descriptions.Item label={t('vh.serviceContent')}>{f.serviceContent.join('；') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('vh.issuer')}>{f.issuerName}</Descriptions.Item>
            <Descriptions.Item label={t('vh.responsible')}>{f.responsiblePerson}</Descriptions.Item>
            <Descriptions.Item label={t('vh.handler')}>{f.handler}</Descriptions.Item>
            <Descriptions.Item label={t('vh.contact')}>{f.contact}</Descriptions.Item>
            <Descriptions.Item label={t('vh.issuedOn')}>{f.issuedOn}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </main>
  );
}
