import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Radio, Rate, Result, Select, Spin } from 'antd';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { LangSwitch } from '../../app/lang-switch';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { PublicOrgSelect } from '../../components/public-org-select';
import { useHotlinePhoneText } from './messages';

type HelpValues = {
  orgId: number;
  category: string;
  summary: string;
  anonymous: boolean;
  callerName?: string;
  callerPhone?: string;
  callerAge?: number;
  urgent?: boolean;
};

/** One key per filled form: a double tap or a resent request answers the first submission. */
const newKey = () => crypto.randomUUID();

function Shell({ children }: { children: ReactNode }) {
  const t = useHotlinePhoneText();
  return (
    <App>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 12, minHeight: '100vh', background: '#f5f5f5' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <h1 style={{ fontSize: 20, margin: 0 }}>{t('m.title')}</h1>
          <LangSwitch />
        </Flex>
        {children}
      </main>
    </App>
  );
}

/** /m/hotline: a youth asks for help from the phone, anonymously if they like, choosing the committee. */
export function HotlineHelpPage() {
  const t = useHotlinePhoneText();
  const { lang } = useI18n();
  const [form] = Form.useForm<HelpValues>();
  const orgId = Form.useWatch('orgId', form);
  const anonymous = Form.useWatch('anonymous', form);
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [number, setNumber] = useState<string | null>(null);
  const cats = useQuery({
    queryKey: ['public-hotline-categories', orgId],
    enabled: !!orgId,
    queryFn: () => ok(client.GET('/api/v1/public/hotline/categories', { params: { query: { orgId: orgId ?? 0 } } })),
  });
  if (number)
    return (
      <Shell>
        <Result
          status="success"
          title={t('m.sent')}
          subTitle={t('m.sentNumber', { number })}
          extra={
            <Button
              onClick={() => {
                form.resetFields();
                setKey(newKey());
                setNumber(null);
              }}
            >
              {t('m.again')}
            </Button>
          }
        />
      </Shell>
    );
  return (
    <Shell>
      <Alert type="warning" showIcon title={t('m.danger')} style={{ marginBottom: 12 }} />
      <Card>
        <p>{t('m.intro')}</p>
        <ErrorAlert error={error} />
        <Form<HelpValues>
          form={form}
          layout="vertical"
          name="hotline-help"
          requiredMark={false}
          initialValues={{ anonymous: true, urgent: false }}
          onFinish={async (v) => {
            setBusy(true);
            setError(null);
            try {
              const res = await ok(
                client.POST('/api/v1/public/hotline/cases', {
                  body: {
                    orgId: v.orgId,
                    category: v.category,
                    summary: v.summary,
                    anonymous: v.anonymous,
                    callerName: v.anonymous ? null : v.callerName || null,
                    callerPhone: v.anonymous ? null : v.callerPhone || null,
                    callerAge: v.callerAge ?? null,
                    urgent: v.urgent ?? false,
                    submissionKey: key,
                  },
                }),
              );
              setNumber(res.number);
            } catch (e) {
              setError(e);
              applyFieldError(form, e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t('m.org')} name="orgId" rules={[{ required: true }]}>
            <PublicOrgSelect placeholder={t('m.orgSearch')} aria-label={t('m.org')} />
          </Form.Item>
          <Form.Item label={t('m.category')} name="category" rules={[{ required: true }]}>
            <Select
              disabled={!orgId}
              loading={cats.isLoading}
              options={(cats.data?.categories ?? []).map((c) => ({ value: c.name, label: lang === 'zh-CN' ? c.name : c.en }))}
            />
          </Form.Item>
          <Form.Item label={t('m.summary')} name="summary" rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={5} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label={t('m.age')} name="callerAge">
            <InputNumber min={6} max={60} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="anonymous" valuePropName="checked">
            <Checkbox>{t('m.anonymous')}</Checkbox>
          </Form.Item>
          {!anonymous && (
            <>
              <Form.Item label={t('m.name')} name="callerName" rules={[{ max: 50 }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item label={t('m.phone')} name="callerPhone" rules={[{ required: true }]}>
                <Input inputMode="tel" maxLength={20} />
              </Form.Item>
            </>
          )}
          <Form.Item name="urgent" valuePropName="checked">
            <Checkbox>{t('m.urgent')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('m.submit')}
          </Button>
        </Form>
      </Card>
    </Shell>
  );
}

/** /m/hotline/survey/:token: the caller's one-time satisfaction survey. */
export function HotlineSurveyPage() {
  const { token = '' } = useParams();
  const t = useHotlinePhoneText();
  const [form] = Form.useForm<{ score: number; resolved?: boolean; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const info = useQuery({
    queryKey: ['public-hotline-survey', token],
    retry: false,
    queryFn: () => ok(client.GET('/api/v1/public/hotline/survey/{token}', { params: { path: { token } } })),
  });
  const used = (e: unknown) => e instanceof ApiError && e.code === 'hotline.survey_answered';
  if (done) return <Shell>{<Result status="success" title={t('m.thanks')} />}</Shell>;
  if (info.isLoading)
    return (
      <Shell>
        <Spin />
      </Shell>
    );
  if (info.error) return <Shell>{<Result status={used(info.error) ? 'info' : 'warning'} title={used(info.error) ? t('m.linkUsed') : t('m.linkBad')} />}</Shell>;
  const d = info.data;
  return (
    <Shell>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('m.survey')}</h2>}>
        {d && <p>{t('m.surveyFor', { org: d.orgName, category: d.category, date: d.closedOn })}</p>}
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          name="hotline-survey"
          requiredMark={false}
          onFinish={async (v) => {
            setBusy(true);
            setError(null);
            try {
              await ok(
                client.POST('/api/v1/public/hotline/survey/{token}', {
                  params: { path: { token } },
                  body: { score: v.score, resolved: v.resolved ?? null, comment: v.comment || null },
                }),
              );
              setDone(true);
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t('m.score')} name="score" rules={[{ required: true }]}>
            <Rate />
          </Form.Item>
          <Form.Item label={t('m.resolved')} name="resolved">
            <Radio.Group
              options={[
                { value: true, label: t('m.yes') },
                { value: false, label: t('m.no') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('m.comment')} name="comment">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('m.send')}
          </Button>
        </Form>
      </Card>
    </Shell>
  );
}
