import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Account, AccountStatus, Page } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { AccountCreateModal } from './account-create-modal';
import { AccountDrawer } from './account-drawer';
import { AccountStatusBadge } from './account-status';

type Filter = { q: string; status: AccountStatus | '' };

export function AccountsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>({ q: '', status: '' });
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [form] = Form.useForm<Filter>();

  const q = useInfiniteQuery({
    queryKey: ['accounts', filter],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<Account>>('/accounts', { ...filter, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('acc.create')}
          </Button>
        }
      >
        {t('acc.title')}
      </PageTitle>
      <Form<Filter>
        form={form}
        layout="inline"
        name="account-filter"
        initialValues={filter}
        onFinish={(v) => setFilter({ q: v.q ?? '', status: v.status ?? '' })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('acc.filterText')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('acc.filterStatus')} name="status">
          <Select
            style={{ width: 120 }}
            options={[
              { value: '', label: t('common.all') },
              { value: 'active', label: t('acc.status.active') },
              { value: 'disabled', label: t('acc.status.disabled') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ q: '', status: '' });
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'username',
            title: t('acc.username'),
            render: (_, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(r.id)}>
                {r.username}
              </Button>
            ),
          },
          { key: 'displayName', title: t('acc.displayName'), dataIndex: 'displayName' },
          { key: 'org', title: t('acc.homeOrg'), dataIndex: 'orgName' },
          {
            key: 'grants',
            title: t('acc.grants'),
            render: (_, r) => r.grants.map((g) => `${g.roleLabel}（${g.orgName}）`).join('；') || t('common.none'),
          },
          { key: 'status', title: t('common.status'), render: (_, r) => <AccountStatusBadge status={r.status} /> },
          { key: 'lastLogin', title: t('acc.lastLogin'), render: (_, r) => r.lastLoginAt ?? t('common.none') },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <AccountCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(a) => {
          setCreating(false);
          q.refetch();
          setOpenId(a.id);
        }}
      />
      <AccountDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
