import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Table, Tabs, Tag } from 'antd';
import { api } from '../../api/client';
import type { CadreStructure, CadreWarnings, Election, Page } from '../../api/types';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { SimpleChart } from '../org-life/bar-chart';
import { useOl } from '../org-life/ol-i18n';
import { CadresList } from './cadres-list';

const pct = (n: number, d: number) => (d > 0 ? Math.round((n * 1000) / d) / 10 : 0);

function Structure() {
  const ol = useOl();
  const { orgId, period } = useScope();
  const q = useQuery({
    queryKey: ['cadre-structure', orgId, period.to],
    enabled: orgId !== null,
    queryFn: () => api.get<CadreStructure>('/cadres/structure', { orgId, on: period.to }),
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
  const { orgId } = useScope();
  const warnings = useQuery({
    queryKey: ['cadre-warnings', orgId],
    enabled: orgId !== null,
    queryFn: () => api.get<CadreWarnings>('/cadres/warnings', { orgId }),
  });
  const list = useInfiniteQuery({
    queryKey: ['elections', orgId],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<Page<Election>>('/elections', { orgId, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const w = warnings.data;
  return (
    <>
      <ErrorAlert error={warnings.error ?? list.error} />
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
        dataSource={list.data?.pages.flatMap((p) => p.items) ?? []}
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
