import { useQueries } from '@tanstack/react-query';
import { Card, Col, Empty, Row } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { MetricValue } from '../../api/types';
import { useI18n } from '../../app/i18n';
import type { MessageKey } from '../../app/messages';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { MetricCard } from '../../components/metric-card';
import { PageTitle } from '../../components/page-title';
import { MetricChart } from '../dashboard/chart';
import { RowsDrawer, type RowsTarget } from '../dashboard/rows-drawer';

const CARDS = [
  'volunteers.registered',
  'volunteers.new',
  'volunteerTeams.count',
  'stations.count',
  'volunteerActivities.count',
  'volunteerParticipations',
  'volunteers.recruited',
];
const CHARTS: { metric: string; groupBy: string; type: 'pie' | 'bar'; title: MessageKey }[] = [
  { metric: 'volunteerTeams.count', groupBy: 'kind', type: 'pie', title: 'vdash.teamsByKind' },
  { metric: 'stations.count', groupBy: 'star', type: 'bar', title: 'vdash.stationsByStar' },
  { metric: 'volunteers.recruited', groupBy: 'project', type: 'bar', title: 'vdash.recruitedByProject' },
  { metric: 'volunteers.new', groupBy: 'ageBand', type: 'pie', title: 'vdash.newByAge' },
];

export function VolunteerDashboardPage() {
  const { t } = useI18n();
  const { orgId, period } = useScope();
  const [target, setTarget] = useState<RowsTarget | null>(null);
  const scope = { orgId, from: period.from, to: period.to };
  const ready = orgId !== null;
  const cards = useQueries({
    queries: CARDS.map((key) => ({ queryKey: ['metric', key, scope], enabled: ready, queryFn: () => api.get<MetricValue>(`/metrics/${key}`, scope) })),
  });
  const charts = useQueries({
    queries: CHARTS.map((c) => ({
      queryKey: ['metric', c.metric, scope, c.groupBy],
      enabled: ready,
      queryFn: () => api.get<MetricValue>(`/metrics/${c.metric}`, { ...scope, groupBy: c.groupBy }),
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
