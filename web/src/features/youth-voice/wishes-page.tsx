import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
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
import { AGE_BANDS, STATUS_COLORS, useYvText, WISH_STATUSES } from './messages';
import { WishChart } from './wish-chart';
import { type AgeBand, WishFields, type WishForm, wishBody } from './wish-fields';

type Wish = ListItem<'/api/v1/youth-voice/wishes'>;
type Status = (typeof WISH_STATUSES)[number];
type Filter = { q?: string; status?: Status; ageBand?: AgeBand };

/** 微心愿: the chart of stages per month, the list by status, export without sealed data, and recording a wish. */
export function WishesPage() {
  const t = useYvText();
  const { t: tc, lang } = useI18n();
  const { orgId } = useScope();
  const location = useLocation();
  const [filter, setFilter] = useState<Filter>({});
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ q?: string; status?: Status | ''; ageBand?: AgeBand | '' }>();
  const [createForm] = Form.useForm<WishForm & { orgId: number }>();
  const query = { ...filter, orgId: orgId ?? undefined };
  const q = usePaged('/api/v1/youth-voice/wishes', query, { key: ['yv-wishes'], enabled: orgId !== null });

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <ExportButton path="/api/v1/youth-voice/wishes/export" fileName="wishes.xlsx" query={query} />
            <Can permission="service.write">
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('w.new')}
              </Button>
            </Can>
          </Space>
        }
      >
        {t('w.title')}
      </PageTitle>
      <WishChart />
      <Form
        form={form}
        layout="inline"
        name="yv-wish-filter"
        initialValues={{ status: '', ageBand: '' }}
        onFinish={(v) => setFilter({ q: v.q || undefined, status: v.status || undefined, ageBand: v.ageBand || undefined })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('w.wish')} name="q">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={tc('common.status')} name="status">
          <Select
            style={{ width: 110 }}
            options={[{ value: '', label: tc('common.all') }, ...WISH_STATUSES.map((s) => ({ value: s, label: t(`w.status.${s}`) }))]}
          />
        </Form.Item>
        <Form.Item label={t('w.ageBand')} name="ageBand">
          <Select
            style={{ width: 170 }}
            options={[{ value: '', label: tc('common.all') }, ...AGE_BANDS.map((b) => ({ value: b.value, label: lang === 'zh-CN' ? b.zh : b.en }))]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {tc('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
            }}
          >
            {tc('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table<Wish>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'createdAt', title: t('w.recorded'), render: (_, r) => dayjs(r.createdAt).format('YYYY-MM-DD') },
          {
            key: 'wish',
            title: t('w.wish'),
            render: (_, r) => <Link to={{ pathname: `/youth-voice/wishes/${r.id}`, search: location.search }}>{r.wish}</Link>,
          },
          { key: 'child', title: t('w.childName'), dataIndex: 'childName' },
          { key: 'ageBand', title: t('w.ageBand'), dataIndex: 'ageBandLabel' },
          { key: 'area', title: t('w.area'), dataIndex: 'area' },
          { key: 'org', title: t('w.org'), dataIndex: 'orgName' },
          { key: 'donor', title: t('w.donor'), render: (_, r) => r.donorName ?? tc('common.none') },
          { key: 'status', title: tc('common.status'), render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag> },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <FormModal
        open={creating}
        title={t('w.new')}
        form={createForm}
        name="yv-wish-create"
        width={640}
        initialValues={{ orgId: orgId ?? undefined }}
        onClose={() => setCreating(false)}
        onSubmit={async (v) => {
          await ok(client.POST('/api/v1/youth-voice/wishes', { body: { orgId: v.orgId, ...wishBody(v) } }));
          setCreating(false);
          createForm.resetFields();
          await q.refetch();
        }}
      >
        <Form.Item label={t('w.org')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <WishFields />
      </FormModal>
    </>
  );
}
