import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, client, type ListItem, ok } from '../../api/client';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { ImportRunStatus, useImportRun } from '../../components/import-run';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { useDownload, usePaged } from '../../components/use-paged';
import { CATEGORIES, QUESTION_STATUSES, STATUS_COLORS, useYvText } from './messages';

type Question = ListItem<'/api/v1/youth-voice/questions'>;
type Status = (typeof QUESTION_STATUSES)[number];
type Category = (typeof CATEGORIES)[number]['value'];
type FilterForm = { q?: string; status?: Status | ''; category?: Category | ''; asked?: [Dayjs | null, Dayjs | null] | null; sort?: 'newest' | 'oldest' };
type Filter = { q?: string; status?: Status; category?: Category; from?: string; to?: string; sort?: 'newest' | 'oldest' };

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

function QuestionTable({ rows, loading }: { rows: Question[]; loading: boolean }) {
  const t = useYvText();
  const { t: tc } = useI18n();
  const location = useLocation();
  return (
    <Table<Question>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: true }}
      columns={[
        { key: 'createdAt', title: t('q.asked'), render: (_, r) => time(r.createdAt) },
        {
          key: 'title',
          title: t('q.subject'),
          render: (_, r) => <Link to={{ pathname: `/youth-voice/questions/${r.id}`, search: location.search }}>{r.title}</Link>,
        },
        { key: 'category', title: t('q.category'), dataIndex: 'categoryLabel' },
        { key: 'org', title: t('q.org'), dataIndex: 'orgName' },
        { key: 'expert', title: t('q.expert'), render: (_, r) => r.expert ?? tc('common.none') },
        {
          key: 'status',
          title: tc('common.status'),
          render: (_, r) => (
            <Space size={4}>
              <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>
              {r.needsReview && <Tag color="#a8071a">{t('q.needsReview')}</Tag>}
            </Space>
          ),
        },
        { key: 'outcomes', title: t('q.outcomes'), dataIndex: 'outcomeCount' },
      ]}
    />
  );
}

function QuestionList({ orgId }: { orgId: number | null }) {
  const t = useYvText();
  const { t: tc, lang } = useI18n();
  const [filter, setFilter] = useState<Filter>({ sort: 'newest' });
  const [form] = Form.useForm<FilterForm>();
  const query = { ...filter, orgId: orgId ?? undefined };
  const q = usePaged('/api/v1/youth-voice/questions', query, { key: ['yv-questions'], enabled: orgId !== null });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <ExportButton path="/api/v1/youth-voice/questions/export" fileName="youth-voice-questions.xlsx" query={query} />
      </Space>
      <Form<FilterForm>
        form={form}
        layout="inline"
        name="yv-question-filter"
        initialValues={{ status: '', category: '', sort: 'newest' }}
        onFinish={(v) =>
          setFilter({
            q: v.q || undefined,
            status: v.status || undefined,
            category: v.category || undefined,
            from: v.asked?.[0]?.format('YYYY-MM-DD'),
            to: v.asked?.[1]?.format('YYYY-MM-DD'),
            sort: v.sort ?? 'newest',
          })
        }
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('q.keyword')} name="q">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={tc('common.status')} name="status">
          <Select
            style={{ width: 110 }}
            options={[{ value: '', label: tc('common.all') }, ...QUESTION_STATUSES.map((s) => ({ value: s, label: t(`q.status.${s}`) }))]}
          />
        </Form.Item>
        <Form.Item label={t('q.category')} name="category">
          <Select
            style={{ width: 120 }}
            options={[{ value: '', label: tc('common.all') }, ...CATEGORIES.map((c) => ({ value: c.value, label: lang === 'zh-CN' ? c.zh : c.en }))]}
          />
        </Form.Item>
        <Form.Item label={t('q.asked')} name="asked">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item label={t('q.sort')} name="sort">
          <Select
            style={{ width: 120 }}
            options={[
              { value: 'newest', label: t('q.newest') },
              { value: 'oldest', label: t('q.oldest') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {tc('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ sort: 'newest' });
            }}
          >
            {tc('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <QuestionTable rows={q.rows} loading={q.isLoading} />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </>
  );
}

function ModerationQueue({ orgId }: { orgId: number | null }) {
  const q = usePaged('/api/v1/youth-voice/moderation', { orgId: orgId ?? undefined }, { key: ['yv-moderation'], enabled: orgId !== null });
  return (
    <>
      <ErrorAlert error={q.error} />
      <QuestionTable rows={q.rows} loading={q.isLoading} />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </>
  );
}

function SensitiveWords({ orgId }: { orgId: number | null }) {
  const t = useYvText();
  const q = useQuery({
    queryKey: ['yv-words', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/youth-voice/sensitive-words', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('q.wordsHint')}</Typography.Paragraph>
      <ErrorAlert error={q.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        {q.data?.words.map((w) => (
          <Tag key={w} color="#a8071a">
            {w}
          </Tag>
        ))}
      </Space>
      <Typography.Paragraph>{q.data?.setAt ? t('q.wordsSetAt', { org: q.data.setAt.orgName }) : t('q.wordsDefault')}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('q.wordsEdit')}</Typography.Text>
    </Card>
  );
}

function VisitsImport({ orgId, orgName }: { orgId: number | null; orgName: string }) {
  const t = useYvText();
  const { t: tc } = useI18n();
  const template = useDownload();
  const imp = useImportRun();
  const upload = (file: File) => {
    if (!orgId) return;
    void imp.start((onProgress) => api.upload('/api/v1/youth-voice/visits/import/{orgId}', file, { path: { orgId: String(orgId) }, onProgress }));
  };
  return (
    <Card
      size="small"
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={template.busy}
          onClick={() => void template.run('/api/v1/youth-voice/visits/import-template', 'visits-template.xlsx')}
        >
          {tc('excel.template')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('q.visitsHint')}</Typography.Paragraph>
      <Typography.Paragraph>{t('q.visitsTo', { org: orgName })}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        disabled={!orgId || imp.busy}
        beforeUpload={(file) => {
          upload(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('q.drop')}</p>
      </Upload.Dragger>
      <ImportRunStatus imp={imp} done={(r) => t('q.imported', { n: r.imported ?? 0, m: r.updated ?? 0 })} />
    </Card>
  );
}

/** 青年之声: the question list, the review queue, the listed words in force, and the visits import. */
export function QuestionsPage() {
  const t = useYvText();
  const { orgId } = useScope();
  const can = useCan();
  const org = useQuery({
    queryKey: ['org', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/orgs/{id}', { params: { path: { id: String(orgId ?? 0) } } })),
  });
  const orgName = org.data?.name ?? '';
  const tabs = [
    { key: 'list', label: t('q.tabList'), children: <QuestionList orgId={orgId} /> },
    ...(can('service.supervise') ? [{ key: 'moderation', label: t('q.tabModeration'), children: <ModerationQueue orgId={orgId} /> }] : []),
    { key: 'words', label: t('q.tabWords'), children: <SensitiveWords orgId={orgId} /> },
    ...(can('service.write') ? [{ key: 'visits', label: t('q.tabVisits'), children: <VisitsImport orgId={orgId} orgName={orgName} /> }] : []),
  ];
  return (
    <>
      <PageTitle
        extra={
          <Can permission="service.read">
            <Link to="/youth-voice/wishes">{t('w.title')}</Link>
          </Can>
        }
      >
        {t('q.title')}
      </PageTitle>
      <Tabs items={tabs} destroyOnHidden />
    </>
  );
}
