import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { Page, VolunteerActivityItem } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { useDownload } from '../../components/use-paged';
import { ActivityFormModal } from './activity-form-modal';
import { COLORS } from './options';

export const ACTIVITY_COLORS: Record<string, string | undefined> = { draft: undefined, published: COLORS.green, cancelled: COLORS.red, closed: COLORS.blue };

export function ActivitiesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { orgId } = useScope();
  const location = useLocation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<{ q?: string; status?: string }>({});
  const [creating, setCreating] = useState(false);
  const query = { ...filter, orgId };
  const download = useDownload();
  const q = useInfiniteQuery({
    queryKey: ['volunteer-activities', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<VolunteerActivityItem>>('/volunteer-activities', { ...query, cursor: pageParam, limit: 30 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              loading={download.busy}
              onClick={() => download.run('/volunteer-activities/export', `${t('act.title')}.xlsx`, query)}
            >
              {t('common.exportExcel')}
            </Button>
            {can('volunteer.write') && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('act.create')}
              </Button>
            )}
          </Space>
        }
      >
        {t('act.title')}
      </PageTitle>
      <Form
        layout="inline"
        name="activity-filter"
        onFinish={(v: { q?: string; status?: string }) => setFilter({ q: v.q || undefined, status: v.status || undefined })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('act.name')} name="q">
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            allowClear
            style={{ width: 120 }}
            options={(['draft', 'published', 'cancelled', 'closed'] as const).map((s) => ({ value: s, label: t(`act.status.${s}`) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      <ErrorAlert error={q.error} />
      <Table<VolunteerActivityItem>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'title',
            title: t('act.name'),
            render: (_, r) => <Link to={{ pathname: `/volunteer-activities/${r.id}`, search: location.search }}>{r.title}</Link>,
          },
          { key: 'org', title: t('act.org'), dataIndex: 'orgName' },
          { key: 'place', title: t('act.place'), render: (_, r) => r.place ?? t('common.none') },
          { key: 'shifts', title: t('act.shiftCount'), dataIndex: 'shiftCount' },
          { key: 'first', title: t('act.firstStart'), render: (_, r) => (r.firstStart ? dayjs(r.firstStart).format('YYYY-MM-DD HH:mm') : t('common.none')) },
          { key: 'status', title: t('common.status'), render: (_, r) => <Tag color={ACTIVITY_COLORS[r.status]}>{t(`act.status.${r.status}`)}</Tag> },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <ActivityFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(a) => {
          setCreating(false);
          navigate({ pathname: `/volunteer-activities/${a.id}`, search: location.search });
        }}
      />
    </>
  );
}
