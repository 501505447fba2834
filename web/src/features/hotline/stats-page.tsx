import { useQueries } from '@tanstack/react-query';
import { Col, Row } from 'antd';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { MetricCard } from '../../components/metric-card';
import { PageTitle } from '../../components/page-title';
import { CaseChart } from './case-chart';
import { useHotlineText } from './messages';

const figures = [
  { key: 'hotline.cases', label: 's.cases' },
  { key: 'hotline.callers', label: 's.callers' },
  { key: 'hotline.consultations', label: 's.consultations' },
  { key: 'hotline.slaMetRate', label: 's.sla', unit: '%' },
  { key: 'hotline.satisfaction', label: 's.satisfaction', unit: '%' },
  { key: 'hotline.referrals', label: 's.referrals' },
  { key: 'hotline.lectures', label: 's.lectures' },
  { key: 'hotline.lectureReach', label: 's.reach' },
] as const;

/** The hotline's figures for the chosen org and period, from the metrics registry (the numbers reports use). */
export function StatsPage() {
  const t = useHotlineText();
  const { orgId, period } = useScope();
  const results = useQueries({
    queries: figures.map((f) => ({
      queryKey: ['metric', f.key, orgId, period.from, period.to],
      enabled: orgId !== null,
      queryFn: () =>
        ok(client.GET('/api/v1/metrics/{key}', { params: { path: { key: f.key }, query: { orgId: orgId ?? undefined, from: period.from, to: period.to } } })),
    })),
  });
  return (
    <>
      <PageTitle>{t('s.title')}</PageTitle>
      <ErrorAlert error={results.find((r) => r.error)?.error} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {figures.map((f, i) => (
          <Col key={f.key} xs={12} md={6}>
            <MetricCard label={t(f.label)} value={results[i]?.data?.total} unit={'unit' in f ? f.unit : undefined} loading={results[i]?.isLoading} />
          </Col>
        ))}
      </Row>
      <CaseChart />
    </>
  );
}
