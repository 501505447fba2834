import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Res } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { useDownload } from '../../components/use-paged';
import { SimpleChart } from '../org-life/bar-chart';
import { useHoursText } from './messages';

type Ranking = Res<'/api/v1/volunteer-hours/ranking', 'get'>;
type Ranked = Ranking['items'][number];

/** Volunteers by hours recorded in the selected org's subtree over the selected period. */
export function RankingTab() {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { orgId, period } = useScope();
  const [limit, setLimit] = useState(100);
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, limit };
  const q = useQuery({
    queryKey: ['volunteer-hours', 'ranking', query],
    queryFn: () => ok(client.GET('/api/v1/volunteer-hours/ranking', { params: { query } })),
    enabled: orgId !== null,
  });
  const download = useDownload();
  const items = q.data?.items ?? [];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('vh.top', { n: limit })}
          value={limit}
          onChange={setLimit}
          style={{ width: 120 }}
          options={[20, 100, 500].map((n) => ({ value: n, label: t('vh.top', { n }) }))}
        />
        <Button
          icon={<DownloadOutlined />}
          loading={download.busy}
          disabled={orgId === null}
          onClick={() => void download.run('/api/v1/volunteer-hours/ranking/export', 'volunteer-ranking.xlsx', { query })}
        >
          {tc('common.exportExcel')}
        </Button>
        {q.data && <Typography.Text type="secondary">{t('vh.rankingPeriod', { from: q.data.from, to: q.data.to })}</Typography.Text>}
      </Space>
      <ErrorAlert error={q.error} />
      {items.length > 0 && <SimpleChart title={t('vh.rankingChart')} data={items.slice(0, 20).map((r) => ({ name: r.name, value: r.hours }))} />}
      <Table<Ranked>
        rowKey="number"
        size="small"
        loading={q.isLoading}
        dataSource={items}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        scroll={{ x: true }}
        columns={[
          { key: 'rank', title: t('vh.rank'), dataIndex: 'rank', width: 72 },
          { key: 'name', title: t('vh.volunteerName'), dataIndex: 'name' },
          { key: 'number', title: t('vh.volunteerNumber'), dataIndex: 'number' },
          { key: 'org', title: t('vh.registeredAt'), dataIndex: 'orgName' },
          { key: 'hours', title: t('vh.hours'), dataIndex: 'hours' },
          { key: 'stars', title: t('vh.level'), render: (_, r) => (r.starLevel > 0 ? '★'.repeat(r.starLevel) : '—') },
        ]}
      />
    </>
  );
}
