import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Progress, Row, Space, Statistic, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, client, ok } from '../../api/client';
import type { Compliance } from '../../api/types';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { SimpleChart } from './bar-chart';
import { useOl } from './ol-i18n';

type BranchRow = Compliance['items'][number];

export function ComplianceTab() {
  const ol = useOl();
  const { orgId, period } = useScope();
  const [below, setBelow] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to, belowTarget: below || undefined };
  const q = useQuery({
    queryKey: ['compliance', query],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/org-life/compliance', { params: { query } })),
  });
  const d = q.data;

  const exportXlsx = async () => {
    setExportError(null);
    try {
      await api.download('/api/v1/org-life/compliance/export', 'compliance.xlsx', { query });
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };

  return (
    <>
      <ErrorAlert error={q.error ?? exportError} />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Card size="small" loading={q.isLoading}>
            <Statistic title={ol('ol.summary')} value={d?.summary.rate ?? 0} suffix="%" />
            <Typography.Text type="secondary" data-testid="compliance-summary">
              {ol('ol.held')} {d?.summary.held ?? 0} / {ol('ol.due')} {d?.summary.due ?? 0} · {ol('ol.target', { target: d?.target ?? 0 })}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">{ol('ol.belowTarget', { n: d?.belowTarget ?? 0, total: d?.branches ?? 0 })}</Typography.Text>
            </div>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title={ol('ol.chart')}>
            <SimpleChart title={ol('ol.chart')} unit="%" max={100} data={(d?.byKind ?? []).map((k) => ({ name: k.label, value: k.rate ?? 0 }))} />
          </Card>
        </Col>
      </Row>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={below} onChange={setBelow} aria-label={ol('ol.onlyBelow')} />
        <span>{ol('ol.onlyBelow')}</span>
        <Button onClick={() => void exportXlsx()}>{ol('ol.export')}</Button>
      </Space>
      <Table<BranchRow>
        rowKey="orgId"
        size="small"
        loading={q.isLoading}
        dataSource={d?.items ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { key: 'name', title: ol('ol.branch'), dataIndex: 'name' },
          ...(d?.byKind ?? []).map((k) => ({
            key: k.kind,
            title: k.label,
            width: 120,
            render: (_: unknown, r: BranchRow) => `${r.byKind[k.kind]?.held ?? 0} / ${r.byKind[k.kind]?.due ?? 0}`,
          })),
          { key: 'held', title: ol('ol.held'), dataIndex: 'held', width: 70 },
          { key: 'due', title: ol('ol.due'), dataIndex: 'due', width: 70 },
          {
            key: 'rate',
            title: ol('ol.rate'),
            dataIndex: 'rate',
            width: 160,
            render: (v: number | null, r: BranchRow) =>
              v === null ? (
                '—'
              ) : (
                <Progress
                  aria-label={`${r.name} ${ol('ol.rate')}`}
                  percent={v}
                  size="small"
                  status={d && v < d.target ? 'exception' : 'success'}
                  format={(p) => `${p}%`}
                />
              ),
          },
        ]}
      />
    </>
  );
}
