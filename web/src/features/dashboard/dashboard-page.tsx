import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Radio, Row, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { MetricCard } from '../../components/metric-card';
import { PageTitle } from '../../components/page-title';
import { MetricChart } from './chart';
import { type DashKey, useDashText } from './messages';
import { RowsDrawer, type RowsTarget } from './rows-drawer';

const CHARTS: { metric: string; groupBy: string; type: 'pie' | 'bar'; title: DashKey }[] = [
  { metric: 'orgs.count', groupBy: 'kind', type: 'pie', title: 'byKind' },
  { metric: 'orgs.count', groupBy: 'category', type: 'bar', title: 'byCategory' },
  { metric: 'orgs.created', groupBy: 'category', type: 'bar', title: 'createdByCategory' },
];

export function DashboardPage() {
  const t = useDashText();
  const { orgId, period } = useScope();
  const [target, setTarget] = useState<RowsTarget | null>(null);
  const scope = { orgId: orgId ?? undefined, from: period.from, to: period.to };
  const ready = orgId !== null;

  const defs = useQuery({ queryKey: ['metrics'], queryFn: () => ok(client.GET('/api/v1/metrics')) });
  // One tab per module, in the modules' order: only the open tab's figures are asked for.
  const groups = useMemo(() => {
    const byModule = new Map<string, { name: string; label: string; items: NonNullable<typeof defs.data>['items'] }>();
    for (const m of defs.data?.items ?? []) {
      const g = byModule.get(m.module.name) ?? { ...m.module, items: [] };
      g.items.push(m);
      byModule.set(m.module.name, g);
    }
    return [...byModule.values()];
  }, [defs.data]);
  const [tab, setTab] = useState<string | null>(null);
  const active = groups.find((g) => g.name === tab) ?? groups[0];
  const shown = active?.items ?? [];
  const totals = useQueries({
    queries: shown.map((m) => ({
      queryKey: ['metric', m.key, scope],
      enabled: ready,
      queryFn: () => ok(client.GET('/api/v1/metrics/{key}', { params: { path: { key: m.key }, query: scope } })),
    })),
  });
  const charts = useQueries({
    queries: CHARTS.map((c) => ({
      queryKey: ['metric', c.metric, scope, c.groupBy],
      enabled: ready && active?.name === 'orgs',
      queryFn: () => ok(client.GET('/api/v1/metrics/{key}', { params: { path: { key: c.metric }, query: { ...scope, groupBy: c.groupBy } } })),
    })),
  });

  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      {!ready && <Empty description={t('noOrg')} />}
      <ErrorAlert error={defs.error ?? totals.find((q) => q.error)?.error} />
      {/* Buttons that wrap, not tabs: a dozen modules overflow a tab bar into a menu that axe and phones dislike. */}
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={active?.name}
        onChange={(e) => setTab(e.target.value)}
        options={groups.map((g) => ({ value: g.name, label: g.label }))}
        style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8, marginBottom: 16 }}
      />
      <Row gutter={[16, 16]}>
        {shown.map((m, i) => (
          <Col key={m.key} xs={12} md={8} xl={6}>
            <MetricCard label={m.label} unit={m.unit} value={totals[i]?.data?.total} loading={totals[i]?.isLoading} />
          </Col>
        ))}
      </Row>
      {active?.name === 'orgs' && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            {t('chartHint')}
          </Typography.Paragraph>
          <Row gutter={[16, 16]}>
            {CHARTS.map((c, i) => {
              const q = charts[i];
              return (
                <Col key={`${c.metric}-${c.groupBy}`} xs={24} xl={8}>
                  <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t(c.title)}</h2>} loading={q.isLoading}>
                    {q.error ? (
                      <ErrorAlert error={q.error} />
                    ) : q.data && q.data.groups.length > 0 ? (
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
        </>
      )}
      <RowsDrawer target={target} onClose={() => setTarget(null)} />
    </>
  );
}
