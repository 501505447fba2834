import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import type { VolunteerActivityItem } from '../../api/types';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { useDownload } from '../../components/use-paged';
import { ActivityFormModal } from './activity-form-modal';
import { useVolunteerText } from './messages';
import { COLORS } from './options';

export const ACTIVITY_COLORS: Record<string, string | undefined> = { draft: undefined, published: COLORS.green, cancelled: COLORS.red, closed: COLORS.blue };

type Filter = { q?: string; status?: VolunteerActivityItem['status'] };

export function ActivitiesPage() {
  const t = useVolunteerText();
  const { t: tc } = useI18n();
  const { orgId } = useScope();
  const location = useLocation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>({});
  const [creating, setCreating] = useState(false);
  const query = { ...filter, orgId: orgId ?? undefined };
  const download = useDownload();
  const q = useInfiniteQuery({
    queryKey: ['volunteer-activities', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/volunteer-activities', { params: { query: { ...query, cursor: pageParam || undefined, limit: 30 } } })),
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
              onClick={() => download.run('/api/v1/volunteer-activities/export', `${t('act.title')}.xlsx`, { query })}
            >
              {tc('common.exportExcel')}
            </Button>
            <Can permission="volunteer.write">
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('act.create')}
              </Button>
            </Can>
          </Space>
        }
      >
        {t('act.title')}
      </PageTitle>
      <Form
        layout="inline"
        name="activity-filter"
        onFinish={(v: Filter) => setFilter({ q: v.q || undefined, status: v.status || undefined })}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('act.name')} name="q">
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item label={tc('common.status')} name="status">
          <Select
            allowClear
            style={{ width: 120 }}
            options={(['draft', 'published', 'cancelled', 'closed'] as const).map((s) => ({ value: s, label: t(`act.status.${s}`) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {tc('common.search')}
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
          { key: 'place', title: t('act.place'), render: (_, r) => r.place ?? tc('common.none') },
          { key: 'shifts', title: t('act.shiftCount'), dataIndex: 'shiftCount' },
          { key: 'first', title: t('act.firstStart'), render: (_, r) => (r.firstStart ? dayjs(r.firstStart).format('YYYY-MM-DD HH:mm') : tc('common.none')) },
          { key: 'status', title: tc('common.status'), render: (_, r) => <Tag color={ACTIVITY_COLORS[r.status]}>{t(`act.status.${r.status}`)}</Tag> },
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
