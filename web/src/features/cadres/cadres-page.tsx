import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Election } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { SimpleChart } from '../org-life/bar-chart';
import { useOl } from '../org-life/ol-i18n';
import { useCd } from './cadre-i18n';
import { CadresList } from './cadres-list';
import { WarningsAlert } from './cadre-form-modal';
import { ElectionModal, type Recorded } from './election-modal';

const pct = (n: number, d: number) => (d > 0 ? Math.round((n * 1000) / d) / 10 : 0);

function Structure() {
  const ol = useOl();
  const { orgId, period } = useScope();
  const q = useQuery({
    queryKey: ['cadre-structure', orgId, period.to],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/cadres/structure', { params: { query: { orgId: orgId ?? undefined, on: period.to } } })),
  });
  const s = q.data;
  const ages = (s?.shares ?? []).filter((x) => x.key === 'age_band');
  const others = (s?.shares ?? []).filter((x) => x.key !== 'age_band');
  return (
    <>
      <ErrorAlert error={q.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Card size="small" loading={q.isLoading}>
            <Statistic title={ol('cd.total')} value={s?.total ?? 0} />
          </Card>
        </Col>
        {others.map((x) => (
          <Col xs={12} md={6} key={x.key}>
            <Card size="small" loading={q.isLoading}>
              <Statistic title={x.label} value={pct(x.numerator, x.denominator)} suffix="%" />
              <span>
                {x.numerator} / {x.denominator}
              </span>
            </Card>
          </Col>
        ))}
        <Col xs={24} md={12}>
          <Card size="small" title={ol('cd.ageChart')}>
            <SimpleChart title={ol('cd.ageChart')} data={ages.map((a) => ({ name: a.label, value: a.numerator }))} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={ol('cd.kindChart')}>
            <SimpleChart type="pie" title={ol('cd.kindChart')} data={(s?.byKind ?? []).map((k) => ({ name: k.label, value: k.count }))} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function Elections() {
  const ol = useOl();
  const cd = useCd();
  const can = useCan();
  const qc = useQueryClient();
  const { orgId, period } = useScope();
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [only, setOnly] = useState<'all' | 'period'>('all');
  const completed = useQuery({
    queryKey: ['elections-completed', orgId, period.from, period.to],
    enabled: orgId !== null && can('metrics.read'),
    queryFn: () =>
      ok(
        client.GET('/api/v1/metrics/{key}', {
          params: { path: { key: 'orgs.elections.completed' }, query: { orgId: orgId ?? undefined, from: period.from, to: period.to } },
        }),
      ),
  });
  const warnings = useQuery({
    queryKey: ['cadre-warnings', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/cadres/warnings', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const list = useInfiniteQuery({
    queryKey: ['elections', orgId],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      ok(client.GET('/api/v1/elections', { params: { query: { orgId: orgId ?? undefined, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const w = warnings.data;
  const all = list.data?.pages.flatMap((p) => p.items) ?? [];
  // The list is newest first, so the period's elections are among the loaded pages.
  const rows = only === 'period' ? all.filter((e) => e.heldOn >= period.from && e.heldOn <= period.to) : all;
  return (
    <>
      <ErrorAlert error={warnings.error ?? list.error} />
      <WarningsAlert messages={(recorded?.warnings ?? []).map((x) => x.message)} onClose={() => setRecorded(null)} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} align="middle">
        <Col xs={24} md={8}>
          <Card size="small" loading={completed.isLoading && completed.fetchStatus !== 'idle'}>
            <Statistic title={cd('completedInPeriod')} value={completed.data?.total ?? 0} suffix={completed.data?.unit} />
            <span>
              {period.from} – {period.to}
            </span>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Space wrap>
            <Segmented<'all' | 'period'>
              aria-label={cd('onlyPeriod', { from: period.from, to: period.to })}
              value={only}
              onChange={setOnly}
              options={[
                { value: 'all', label: cd('allElections') },
                { value: 'period', label: cd('periodElections') },
              ]}
            />
            <Can permission="orglife.write">
              <Button type="primary" onClick={() => setRecording(true)}>
                {cd('electionCreate')}
              </Button>
            </Can>
          </Space>
        </Col>
      </Row>
      <Card size="small" title={ol('cd.warnings', { days: w?.days ?? 0 })} style={{ marginBottom: 16 }}>
        <Table
          rowKey="orgId"
          size="small"
          loading={warnings.isLoading}
          dataSource={w?.terms ?? []}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            { key: 'org', title: ol('cd.org'), dataIndex: 'orgName' },
            { key: 'held', title: ol('cd.heldOn'), dataIndex: 'heldOn', width: 110 },
            { key: 'ends', title: ol('cd.termEnds'), dataIndex: 'termEndsOn', width: 110 },
            {
              key: 'left',
              title: ol('cd.status'),
              width: 110,
              render: (_, r) => (r.expired ? <Tag color="red">{ol('cd.expired')}</Tag> : <Tag color="orange">{ol('cd.daysLeft', { n: r.daysLeft })}</Tag>),
            },
          ]}
        />
      </Card>
      {(w?.sizes.length ?? 0) > 0 && (
        <Card size="small" title={ol('cd.sizeWarnings')} style={{ marginBottom: 16 }}>
          {w?.sizes.slice(0, 50).map((s) => (
            <Alert key={s.orgId} type="warning" style={{ marginBottom: 6 }} title={`${s.orgName}：${s.warnings.map((x) => x.message).join('；')}`} />
          ))}
        </Card>
      )}
      <Table<Election>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { key: 'org', title: ol('cd.org'), dataIndex: 'orgName' },
          { key: 'held', title: ol('cd.heldOn'), dataIndex: 'heldOn', width: 110 },
          { key: 'years', title: ol('cd.termYears'), dataIndex: 'termYears', width: 90 },
          { key: 'ends', title: ol('cd.termEnds'), dataIndex: 'termEndsOn', width: 110 },
          { key: 'committee', title: ol('cd.committee'), render: (_, r) => (r.committee ?? []).map((c) => `${c.name}（${c.postLabel}）`).join('、') },
        ]}
      />
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      <ElectionModal
        open={recording}
        onClose={() => setRecording(false)}
        onDone={(r) => {
          setRecording(false);
          setRecorded(r);
          void qc.invalidateQueries({ predicate: (x) => /^(cadre|election)/.test(String(x.queryKey[0])) });
        }}
      />
    </>
  );
}

export function CadresPage() {
  const ol = useOl();
  return (
    <>
      <PageTitle>{ol('cd.title')}</PageTitle>
      <Tabs
        items={[
          { key: 'structure', label: ol('cd.tab.structure'), children: <Structure /> },
          { key: 'list', label: ol('cd.tab.list'), children: <CadresList /> },
          { key: 'elections', label: ol('cd.tab.elections'), children: <Elections /> },
        ]}
      />
    </>
  );
}
