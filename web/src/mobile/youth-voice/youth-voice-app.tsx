import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, Input, Modal, Result, Select, Switch, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { LangSwitch } from '../../app/lang-switch';
import { PublicOrgSelect } from '../../components/public-org-select';
import { AGE_BANDS, CATEGORIES } from '../../features/youth-voice/messages';
import { useYvPhoneText } from './messages';

type Category = (typeof CATEGORIES)[number]['value'];
type AgeBand = (typeof AGE_BANDS)[number]['value'];
type AskValues = { orgId: number; category: Category; title: string; content: string; anonymous: boolean; askerName?: string; phone?: string };
type WishValues = {
  orgId: number;
  wish: string;
  ageBand: AgeBand;
  area: string;
  child: { name: string; school: string; situation: string; guardianPhone: string };
  submitterName: string;
  submitterPhone: string;
};

/** One key per filled form: a double tap or a resent request answers the first submission. */
const newKey = () => crypto.randomUUID();

function AskTab() {
  const t = useYvPhoneText();
  const { lang } = useI18n();
  const [form] = Form.useForm<AskValues>();
  const anonymous = Form.useWatch('anonymous', form);
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (done)
    return (
      <Result
        status="success"
        title={t('m.asked')}
        extra={
          <Button
            onClick={() => {
              form.resetFields();
              setKey(newKey());
              setDone(false);
            }}
          >
            {t('m.tabAsk')}
          </Button>
        }
      />
    );
  return (
    <Card>
      <ErrorAlert error={error} />
      <Form<AskValues>
        form={form}
        layout="vertical"
        name="yv-ask"
        requiredMark={false}
        initialValues={{ anonymous: true, category: 'study' }}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            await ok(
              client.POST('/api/v1/public/youth-voice/questions', {
                body: { ...v, askerName: v.anonymous ? null : (v.askerName ?? null), phone: v.phone || null, submitKey: key },
              }),
            );
            setDone(true);
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
          <Select options={CATEGORIES.map((c) => ({ value: c.value, label: lang === 'zh-CN' ? c.zh : c.en }))} />
        </Form.Item>
        <Form.Item label={t('m.subject')} name="title" rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('m.content')} name="content" rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>{t('m.anonymous')}</Checkbox>
        </Form.Item>
        {!anonymous && (
          <Form.Item label={t('m.name')} name="askerName" rules={[{ required: true, max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        )}
        <Form.Item label={t('m.phone')} name="phone">
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('m.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function AnswersTab() {
  const t = useYvPhoneText();
  const q = useInfiniteQuery({
    queryKey: ['public-yv-answers'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/public/youth-voice/answers', { params: { query: { cursor: pageParam || undefined, limit: 20 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={q.error} />
      {!q.isLoading && rows.length === 0 && <Empty description={t('m.noAnswers')} />}
      {rows.map((r) => (
        <Card key={r.id} size="small" title={<h2 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>{r.title}</h2>} extra={<Tag>{r.categoryLabel}</Tag>}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.content}</Typography.Paragraph>
          <Alert type="success" title={t('m.answerBy', { org: r.orgName })} description={<div style={{ whiteSpace: 'pre-wrap' }}>{r.answer}</div>} />
          <Typography.Text type="secondary">{dayjs(r.publishedAt).format('YYYY-MM-DD')}</Typography.Text>
        </Card>
      ))}
      {q.hasNextPage && (
        <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('m.more')}
        </Button>
      )}
    </Flex>
  );
}

function WishesTab() {
  const t = useYvPhoneText();
  const { message } = App.useApp();
  const [open, setOpen] = useState(true);
  const [claiming, setClaiming] = useState<{ id: string; wish: string } | null>(null);
  const [form] = Form.useForm<{ donorName: string; donorPhone: string }>();
  const [error, setError] = useState<unknown>(null);
  const q = useInfiniteQuery({
    queryKey: ['public-yv-wishes', open],
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/public/youth-voice/wishes', { params: { query: { open, cursor: pageParam || undefined, limit: 20 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center">
        <Switch checked={open} onChange={setOpen} aria-label={t('m.openOnly')} />
        <span>{t('m.openOnly')}</span>
      </Flex>
      <ErrorAlert error={q.error} />
      {!q.isLoading && rows.length === 0 && <Empty description={t('m.noWishes')} />}
      {rows.map((r) => (
        <Card key={r.id} size="small" title={<h2 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>{r.wish}</h2>} extra={<Tag>{r.statusLabel}</Tag>}>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {r.ageBandLabel} · {r.area} · {r.orgName}
          </Typography.Paragraph>
          {r.status === 'published' && (
            <Button
              type="primary"
              onClick={() => {
                form.resetFields();
                setError(null);
                setClaiming({ id: r.id, wish: r.wish });
              }}
            >
              {t('m.claim')}
            </Button>
          )}
        </Card>
      ))}
      {q.hasNextPage && (
        <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('m.more')}
        </Button>
      )}
      <Modal
        open={claiming !== null}
        title={claiming ? t('m.claimTitle', { wish: claiming.wish }) : ''}
        onCancel={() => setClaiming(null)}
        onOk={() => form.submit()}
        okText={t('m.submit')}
      >
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          name="yv-claim"
          requiredMark={false}
          onFinish={async (v) => {
            if (!claiming) return;
            setError(null);
            try {
              await ok(client.POST('/api/v1/public/youth-voice/wishes/{id}/claim', { params: { path: { id: claiming.id } }, body: v }));
              setClaiming(null);
              message.success(t('m.claimed'));
              await q.refetch();
            } catch (e) {
              setError(e);
              applyFieldError(form, e);
            }
          }}
        >
          <Form.Item label={t('m.donorName')} name="donorName" rules={[{ required: true, max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label={t('m.donorPhone')} name="donorPhone" rules={[{ required: true }]}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function MakeWishTab() {
  const t = useYvPhoneText();
  const { lang } = useI18n();
  const [form] = Form.useForm<WishValues>();
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (done)
    return (
      <Result
        status="success"
        title={t('m.wished')}
        extra={
          <Button
            onClick={() => {
              form.resetFields();
              setKey(newKey());
              setDone(false);
            }}
          >
            {t('m.tabMakeWish')}
          </Button>
        }
      />
    );
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('m.wishIntro')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form<WishValues>
        form={form}
        layout="vertical"
        name="yv-make-wish"
        requiredMark={false}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            await ok(client.POST('/api/v1/public/youth-voice/wishes', { body: { ...v, submitKey: key } }));
            setDone(true);
          } catch (e) {
            setError(e);
            applyFieldError(form, e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label={t('m.wishOrg')} name="orgId" rules={[{ required: true }]}>
          <PublicOrgSelect placeholder={t('m.orgSearch')} aria-label={t('m.wishOrg')} />
        </Form.Item>
        <Form.Item label={t('m.wish')} name="wish" rules={[{ required: true, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('m.ageBand')} name="ageBand" rules={[{ required: true }]}>
          <Select options={AGE_BANDS.map((b) => ({ value: b.value, label: lang === 'zh-CN' ? b.zh : b.en }))} />
        </Form.Item>
        <Form.Item label={t('m.area')} name="area" rules={[{ required: true, max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('m.childName')} name={['child', 'name']} rules={[{ required: true, max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label={t('m.school')} name={['child', 'school']} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('m.situation')} name={['child', 'situation']} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('m.guardianPhone')} name={['child', 'guardianPhone']} rules={[{ required: true }]}>
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item label={t('m.submitterName')} name="submitterName" rules={[{ required: true, max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label={t('m.submitterPhone')} name="submitterPhone" rules={[{ required: true }]}>
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('m.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** /m/youth-voice: public, no sign-in; ask, read answers, browse and claim wishes, make a wish. */
export function YouthVoiceApp() {
  const t = useYvPhoneText();
  const [tab, setTab] = useState(() => (window.location.hash === '#wishes' ? 'wishes' : 'ask'));
  return (
    <App>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 12, minHeight: '100vh', background: '#f5f5f5' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <h1 style={{ fontSize: 20, margin: 0 }}>{t('m.title')}</h1>
          <LangSwitch />
        </Flex>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          centered
          items={[
            { key: 'ask', label: t('m.tabAsk'), children: <AskTab /> },
            { key: 'answers', label: t('m.tabAnswers'), children: <AnswersTab /> },
            { key: 'wishes', label: t('m.tabWishes'), children: <WishesTab /> },
            { key: 'make', label: t('m.tabMakeWish'), children: <MakeWishTab /> },
          ]}
        />
      </main>
    </App>
  );
}
