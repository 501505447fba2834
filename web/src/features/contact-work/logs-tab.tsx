import { Select, Space, Table } from 'antd';
import { useState } from 'react';
import type { ListItem, ListQuery } from '../../api/client';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { LoadMore } from '../../components/load-more';
import { usePaged } from '../../components/use-paged';
import { useContactMeta } from './forms';
import { useCw } from './messages';

type Log = ListItem<'/api/v1/contact-work/logs'>;
type Way = NonNullable<ListQuery<'/api/v1/contact-work/logs'>['way']>;

/** Every contact logged in the chosen org and period, newest first. */
export function LogsTab() {
  const cw = useCw();
  const { orgId, period } = useScope();
  const [way, setWay] = useState<Way | undefined>();
  const ways = useContactMeta().data?.ways ?? [];
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, way };
  const q = usePaged('/api/v1/contact-work/logs', query, { enabled: orgId !== null });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder={cw('way')} aria-label={cw('way')} style={{ width: 140 }} value={way} onChange={setWay} options={ways} />
        <ExportButton path="/api/v1/contact-work/logs/export" fileName={`${cw('tab.logs')}-${period.from}-${period.to}.xlsx`} query={query} />
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Log>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { key: 'date', title: cw('date'), dataIndex: 'contactedOn', width: 110 },
          { key: 'youth', title: cw('youth'), dataIndex: 'contactName', width: 100 },
          { key: 'org', title: cw('org'), dataIndex: 'orgName' },
          { key: 'cadre', title: cw('cadre'), dataIndex: 'cadreName', width: 100 },
          { key: 'way', title: cw('way'), dataIndex: 'wayLabel', width: 80 },
          { key: 'topic', title: cw('topic'), dataIndex: 'topic' },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
    </>
  );
}
