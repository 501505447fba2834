import { Button, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import type { AccountStatus } from '../../api/types';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { AccountCreateModal } from './account-create-modal';
import { AccountDrawer } from './account-drawer';
import { AccountStatusBadge } from './account-status';
import { useAccountText } from './messages';

type Filter = { q: string; status: AccountStatus | '' };

export function AccountsPage() {
  const t = useAccountText();
  const { t: app } = useI18n();
  const [filter, setFilter] = useState<Filter>({ q: '', status: '' });
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [form] = Form.useForm<Filter>();

  const q = usePaged('/api/v1/accounts', { q: filter.q, status: filter.status || null }, { key: ['accounts'] });

  return (
    <>
      <PageTitle
        extra={
          <Can permission="account.manage">
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('create')}
            </Button>
          </Can>
        }
      >
        {t('title')}
      </PageTitle>
      <Form<Filter>
        form={form}
        layout="inline"
        name="account-filter"
        initialValues={filter}
        onFinish={(v) => setFilter({ q: v.q ?? '', status: v.status ?? '' })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('filterText')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('filterStatus')} name="status">
          <Select
            style={{ width: 120 }}
            options={[
              { value: '', label: app('common.all') },
              { value: 'active', label: t('status.active') },
              { value: 'disabled', label: t('status.disabled') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {app('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ q: '', status: '' });
            }}
          >
            {app('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'username',
            title: t('username'),
            render: (_, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(r.id)}>
                {r.username}
              </Button>
            ),
          },
          { key: 'displayName', title: t('displayName'), dataIndex: 'displayName' },
          { key: 'org', title: t('homeOrg'), dataIndex: 'orgName' },
          {
            key: 'grants',
            title: t('grants'),
            render: (_, r) => r.grants.map((g) => `${g.roleLabel}（${g.orgName}）`).join('；') || app('common.none'),
          },
          { key: 'status', title: app('common.status'), render: (_, r) => <AccountStatusBadge status={r.status} /> },
          { key: 'lastLogin', title: t('lastLogin'), render: (_, r) => r.lastLoginAt ?? app('common.none') },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <AccountCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(id) => {
          setCreating(false);
          q.refetch();
          setOpenId(id);
        }}
      />
      <AccountDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
