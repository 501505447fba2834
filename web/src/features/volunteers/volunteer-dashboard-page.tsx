import { useQueries } from '@tanstack/react-query';
import { Card, Col, Empty, Row } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { MetricCard } from '../../components/metric-card';
import { PageTitle } from '../../components/page-title';
import { MetricChart } from '../dashboard/chart';
import { RowsDrawer, type RowsTarget } from '../dashboard/rows-drawer';
import { useVolunteerText, type VolunteerKey } from './messages';

const CARDS = [
  'volunteers.registered',
  'volunteers.new',
  'volunteerTeams.count',
  'stations.count',
  'volunteerActivities.count',
  'volunteerParticipations',
  'volunteers.recruited',
];
const CHARTS: { metric: string; groupBy: string; type: 'pie' | 'bar'; title: VolunteerKey }[] = [
  { metric: 'volunteerTeams.count', groupBy: 'kind', type: 'pie', title: 'vdash.teamsByKind' },
  { metric: 'stations.count', groupBy: 'star', type: 'bar', title: 'vdash.stationsByStar' },
  { metric: 'volunteers.recruited', groupBy: 'project', type: 'bar', title: 'vdash.recruitedByProject' },
  { metric: 'volunteers.new', groupBy: 'ageBand', type: 'pie', title: 'vdash.newByAge' },
];

export function VolunteerDashboardPage() {
  const t = useVolunteerText();
  const { orgId, period } = useScope();
  const [target, setTarget] = useState<RowsTarget | null>(null);
  const scope = { orgId: orgId ?? undefined, from: period.from, to: period.to };
  const ready = orgId !== null;
  const cards = useQueries({
    queries: CARDS.map((key) => ({
      queryKey: ['metric', key, scope],
      enabled: ready,
      queryFn: () => ok(client.GET('/api/v1/metrics/{key}', { params: { path: { key }, query: scope } })),
    })),
  });
  const charts = useQueries({
    queries: CHARTS.map((c) => ({
      queryKey: ['metric', c.metric, scope, c.groupBy],
      enabled: ready,
      queryFn: () => ok(client.GET('/api/v1/metrics/{key}', { params: { path: { key: c.metric }, query: { ...scope, groupBy: c.groupBy } } })),
    })),
  });
  return (
    <>
      <PageTitle>{t('vdash.title')}</PageTitle>
      <ErrorAlert error={cards.find((q) => q.error)?.error} />
      <Row gutter={[16, 16]}>
        {CARDS.map((key, i) => (
          <Col key={key} xs={12} md={8} xl={6}>
            <MetricCard label={cards[i]?.data?.label ?? key} unit={cards[i]?.data?.unit} value={cards[i]?.data?.total} loading={cards[i]?.isLoading} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {CHARTS.map((c, i) => {
          const q = charts[i];
          return (
            <Col key={`${c.metric}-${c.groupBy}`} xs={24} xl={12}>
              <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t(c.title)}</h2>} loading={q?.isLoading}>
                {q?.data && q.data.groups.length > 0 ? (
                  <MetricChart
                    type={c.type}
                    title={t(c.title)}
                    groups={q.data.groups}
                    onPick={(group) => setTarget({ metric: c.metric, groupBy: c.groupBy, group })}
                  />
                ) : (
                  <Empty />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <RowsDrawer target={target} onClose={() => setTarget(null)} />
    </>
  );
}
