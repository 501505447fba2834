import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Progress, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Res } from '../../api/types';
import { Can } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { CadreChart } from './chart';
import { ContactModal } from './forms';
import { useCw } from './messages';

type Cadre = Res<'/api/v1/contact-work/cadres', 'get'>['items'][number];

/** Every serving cadre of the chosen org with the youths they contacted in the period against the target. */
export function CadresTab() {
  const cw = useCw();
  const { orgId, period } = useScope();
  const [onlyTarget, setOnlyTarget] = useState(true);
  const [adding, setAdding] = useState<string | null>(null);
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, onlyTarget };
  const q = useQuery({
    queryKey: ['/api/v1/contact-work/cadres', query],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/contact-work/cadres', { params: { query: { ...query, limit: 500 } } })),
  });
  const items = q.data?.items ?? [];
  const s = q.data?.summary;
  const target = items[0]?.target ?? 100;
  return (
    <>
      <ErrorAlert error={q.error} />
      {s && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space size="large" wrap>
            <Statistic title={cw('cadres')} value={s.cadres} />
            <Statistic title={cw('atTarget')} value={s.atTarget} />
            <Statistic title={cw('average')} value={s.average} />
            <Statistic title={cw('contacted')} value={s.contacted} />
          </Space>
        </Card>
      )}
      {items.length > 0 && (
        <Card size="small" style={{ marginBottom: 12 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{cw('chart')}</h2>}>
          <CadreChart title={cw('chart')} target={target} data={items.slice(0, 40).map((c) => ({ name: c.name, value: c.contacted }))} />
        </Card>
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Checkbox checked={onlyTarget} onChange={(e) => setOnlyTarget(e.target.checked)}>
          {cw('onlyTarget')}
        </Checkbox>
        <ExportButton path="/api/v1/contact-work/cadres/export" fileName={`${cw('tab.cadres')}-${period.from}-${period.to}.xlsx`} query={query} />
      </Space>
      <Table<Cadre>
        rowKey="cadreId"
        size="small"
        loading={q.isLoading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        columns={[
          { key: 'name', title: cw('cadre'), dataIndex: 'name', width: 100 },
          { key: 'org', title: cw('org'), dataIndex: 'orgName' },
          { key: 'book', title: cw('book'), dataIndex: 'book', width: 90 },
          { key: 'contacted', title: cw('contacted'), dataIndex: 'contacted', width: 110 },
          { key: 'logs', title: cw('logs'), dataIndex: 'logs', width: 90 },
          { key: 'target', title: cw('target'), dataIndex: 'target', width: 70 },
          {
            key: 'progress',
            title: cw('progress'),
            width: 160,
            render: (_, r) => <Progress percent={r.progress} size="small" aria-label={`${r.name} ${cw('progress')}`} />,
          },
          {
            key: 'act',
            title: cw('addContact'),
            width: 130,
            render: (_, r) => (
              <Can permission="service.write">
                <Button size="small" aria-label={`${cw('addContact')}：${r.name}`} onClick={() => setAdding(r.cadreId)}>
                  {cw('addContact')}
                </Button>
              </Can>
            ),
          },
        ]}
      />
      <ContactModal open={adding !== null} cadreId={adding ?? undefined} onClose={() => setAdding(null)} />
    </>
  );
}
