import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { client, type ListItem, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { FormModal } from '../../components/form-modal';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { CaseChart } from './case-chart';
import { CHANNELS, labelOf, options, RISK_COLORS, RISKS, STATUS_COLORS, STATUSES, useHotlineText } from './messages';

type Case = ListItem<'/api/v1/hotline/cases'>;
type Sort = '-receivedAt' | 'receivedAt' | 'resolutionDueAt';
type Filter = { q?: string; status?: Case['status']; channel?: Case['channel']; category?: string; risk?: Case['risk']; breached?: boolean; sort?: Sort };
type FilterForm = {
  q?: string;
  status?: Case['status'] | '';
  channel?: Case['channel'] | '';
  category?: string;
  risk?: Case['risk'] | '';
  breached?: boolean;
  sort?: Sort;
};
type NewCase = {
  orgId: number;
  channel: Case['channel'];
  category: string;
  subcategory?: string;
  risk: Case['risk'];
  anonymous: boolean;
  callerName?: string;
  callerPhone?: string;
  callerAge?: number;
  callerGender?: 'M' | 'F';
  summary: string;
  receivedAt?: Dayjs;
};

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
const newKey = () => crypto.randomUUID();

/** The categories configured for an org's subtree (settings), for filters and forms. */
export function useCategories(orgId: number | null | undefined) {
  return useQuery({
    queryKey: ['hotline-categories', orgId ?? null],
    queryFn: () => ok(client.GET('/api/v1/hotline/categories', { params: { query: { orgId: orgId ?? undefined } } })),
  });
}

function NewCaseModal({ open, onClose, orgId }: { open: boolean; onClose: () => void; orgId: number | null }) {
  const t = useHotlineText();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<NewCase>();
  const [key, setKey] = useState(newKey);
  const chosenOrg = Form.useWatch('orgId', form);
  const category = Form.useWatch('category', form);
  const anonymous = Form.useWatch('anonymous', form);
  const cats = useCategories(chosenOrg ?? orgId);
  const subs = cats.data?.categories.find((c) => c.name === category)?.subcategories ?? [];
  return (
    <FormModal<NewCase>
      open={open}
      title={t('c.new')}
      form={form}
      name="hotline-case"
      width={640}
      onClose={onClose}
      initialValues={{ orgId: orgId ?? undefined, channel: 'phone', risk: 'low', anonymous: false }}
      onSubmit={async (v) => {
        const created = await ok(
          client.POST('/api/v1/hotline/cases', {
            body: {
              orgId: v.orgId,
              channel: v.channel,
              category: v.category,
              subcategory: v.subcategory || null,
              risk: v.risk,
              anonymous: v.anonymous,
              callerName: v.anonymous ? null : v.callerName || null,
              callerPhone: v.anonymous ? null : v.callerPhone || null,
              callerAge: v.callerAge ?? null,
              callerGender: v.callerGender ?? null,
              summary: v.summary,
              receivedAt: v.receivedAt ? v.receivedAt.toISOString() : undefined,
              submissionKey: key,
            },
          }),
        );
        setKey(newKey());
        message.success(created.number);
        await qc.invalidateQueries({ queryKey: ['hotline-cases'] });
        onClose();
        navigate(`/hotline/cases/${created.id}`);
      }}
    >
      <Form.Item label={t('c.org')} name="orgId" rules={[{ required: true }]}>
        <OrgTreeSelect aria-label={t('c.org')} />
      </Form.Item>
      <Space wrap>
        <Form.Item label={t('c.channel')} name="channel" rules={[{ required: true }]}>
          <Select style={{ width: 140 }} options={options(CHANNELS, lang)} />
        </Form.Item>
        <Form.Item label={t('c.category')} name="category" rules={[{ required: true }]}>
          <Select style={{ width: 140 }} options={(cats.data?.categories ?? []).map((c) => ({ value: c.name, label: lang === 'zh-CN' ? c.name : c.en }))} />
        </Form.Item>
        <Form.Item label={t('c.subcategory')} name="subcategory">
          <Select allowClear style={{ width: 160 }} options={subs.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item label={t('c.risk')} name="risk" rules={[{ required: true }]}>
          <Select style={{ width: 100 }} options={options(RISKS, lang)} />
        </Form.Item>
      </Space>
      <Form.Item name="anonymous" valuePropName="checked">
        <Checkbox>{t('c.anonymous')}</Checkbox>
      </Form.Item>
      {!anonymous && (
        <Space wrap>
          <Form.Item label={t('c.callerName')} name="callerName">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label={t('c.callerPhone')} name="callerPhone">
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Space>
      )}
      <Space wrap>
        <Form.Item label={t('c.callerAge')} name="callerAge">
          <InputNumber min={1} max={120} />
        </Form.Item>
        <Form.Item label={t('c.callerGender')} name="callerGender">
          <Select
            allowClear
            style={{ width: 100 }}
            options={[
              { value: 'M', label: lang === 'zh-CN' ? '男' : 'M' },
              { value: 'F', label: lang === 'zh-CN' ? '女' : 'F' },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('c.receivedAt')} name="receivedAt">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Space>
      <Form.Item label={t('c.summary')} name="summary" rules={[{ required: true, max: 2000 }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
    </FormModal>
  );
}

/** The case list with its filters (or the SLA breach list: `breaches`), keyset paged, exported without notes. */
export function CaseList({ breaches = false }: { breaches?: boolean }) {
  const t = useHotlineText();
  const { t: tc, lang } = useI18n();
  const { orgId } = useScope();
  const location = useLocation();
  const [filter, setFilter] = useState<Filter>({ sort: breaches ? 'resolutionDueAt' : '-receivedAt', breached: breaches || undefined });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<FilterForm>();
  const cats = useCategories(orgId);
  const query = { ...filter, orgId: orgId ?? undefined };
  const { sort: _sort, ...exportQuery } = query;
  const q = usePaged('/api/v1/hotline/cases', query, { key: ['hotline-cases'], enabled: orgId !== null });
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <ExportButton path="/api/v1/hotline/cases/export" fileName="12355-cases.xlsx" query={exportQuery} />
            {!breaches && (
              <Can permission="service.write">
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('c.new')}
                </Button>
              </Can>
            )}
          </Space>
        }
      >
        {breaches ? t('c.breaches') : t('c.title')}
      </PageTitle>
      {breaches && <Alert type="warning" showIcon title={t('c.breachesHint')} style={{ marginBottom: 16 }} />}
      {!breaches && <CaseChart />}
      <Form<FilterForm>
        form={form}
        layout="inline"
        name="hotline-filter"
        initialValues={{ status: '', channel: '', risk: '', category: '', sort: filter.sort, breached: breaches }}
        onFinish={(v) =>
          setFilter({
            q: v.q || undefined,
            status: v.status || undefined,
            channel: v.channel || undefined,
            category: v.category || undefined,
            risk: v.risk || undefined,
            breached: v.breached || breaches || undefined,
            sort: v.sort,
          })
        }
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('c.keyword')} name="q">
          <Input allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label={tc('common.status')} name="status">
          <Select style={{ width: 130 }} options={[{ value: '', label: tc('common.all') }, ...options(STATUSES, lang)]} />
        </Form.Item>
        <Form.Item label={t('c.channel')} name="channel">
          <Select style={{ width: 120 }} options={[{ value: '', label: tc('common.all') }, ...options(CHANNELS, lang)]} />
        </Form.Item>
        <Form.Item label={t('c.category')} name="category">
          <Select
            style={{ width: 110 }}
            options={[
              { value: '', label: tc('common.all') },
              ...(cats.data?.categories ?? []).map((c) => ({ value: c.name, label: lang === 'zh-CN' ? c.name : c.en })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('c.risk')} name="risk">
          <Select style={{ width: 90 }} options={[{ value: '', label: tc('common.all') }, ...options(RISKS, lang)]} />
        </Form.Item>
        {!breaches && (
          <Form.Item name="breached" valuePropName="checked">
            <Checkbox>{t('c.onlyBreached')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item label={t('c.sort')} name="sort">
          <Select
            style={{ width: 150 }}
            options={(['-receivedAt', 'receivedAt', 'resolutionDueAt'] as const).map((s) => ({ value: s, label: t(`c.sort.${s}`) }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {tc('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ sort: breaches ? 'resolutionDueAt' : '-receivedAt', breached: breaches || undefined });
            }}
          >
            {tc('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table<Case>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'number',
            title: t('c.number'),
            render: (_, r) => <Link to={{ pathname: `/hotline/cases/${r.id}`, search: location.search }}>{r.number}</Link>,
          },
          { key: 'received', title: t('c.received'), render: (_, r) => time(r.receivedAt) },
          { key: 'channel', title: t('c.channel'), render: (_, r) => labelOf(CHANNELS, r.channel, lang) },
          { key: 'category', title: t('c.category'), render: (_, r) => (r.subcategory ? `${r.category} · ${r.subcategory}` : r.category) },
          { key: 'risk', title: t('c.risk'), render: (_, r) => <Tag color={RISK_COLORS[r.risk]}>{labelOf(RISKS, r.risk, lang)}</Tag> },
          {
            key: 'caller',
            title: t('c.caller'),
            render: (_, r) => (
              <Space size={4}>
                {r.anonymous ? t('c.anonymous') : (r.callerName ?? r.callerPhone ?? '—')}
                {r.callerMinor && <Tag color="#874d00">{t('c.minor')}</Tag>}
              </Space>
            ),
          },
          { key: 'org', title: t('c.org'), dataIndex: 'orgName' },
          {
            key: 'status',
            title: tc('common.status'),
            render: (_, r) => (
              <Space size={4}>
                <Tag color={STATUS_COLORS[r.status]}>{labelOf(STATUSES, r.status, lang)}</Tag>
                {r.breached && <Tag color="#a8071a">{t('c.breached')}</Tag>}
              </Space>
            ),
          },
          { key: 'due', title: t('c.due'), render: (_, r) => (r.status === 'closed' ? '—' : time(r.resolutionDueAt)) },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <NewCaseModal open={creating} onClose={() => setCreating(false)} orgId={orgId} />
    </>
  );
}

export function CasesPage() {
  return <CaseList />;
}

export function BreachesPage() {
  return <CaseList breaches />;
}
