import { useInfiniteQuery } from '@tanstack/react-query';
import { Badge, Button, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Application, ApplicationStage } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { ActionModal, type DevAction } from './action-modal';
import { ApplicationCreateModal } from './application-create-modal';
import { ApplicationDrawer } from './application-drawer';
import { CohortModal, useCohortLabel } from './cohort-modal';
import { ExportButton } from '../../components/export-button';
import { type MemKey, useMem } from './member-i18n';

const STAGES = ['open', 'applied', 'activist', 'candidate', 'reviewed', 'voted', 'approved', 'inducted', 'rejected'] as const;
const STAGE_BADGE: Record<ApplicationStage, 'default' | 'processing' | 'warning' | 'success' | 'error'> = {
  applied: 'default',
  activist: 'processing',
  candidate: 'processing',
  reviewed: 'processing',
  voted: 'warning',
  approved: 'success',
  inducted: 'success',
  rejected: 'error',
  withdrawn: 'default',
};
/** Pre-review and approval are the level above's (member.approve). */
const NEEDS_APPROVE = new Set<string>(['review', 'approve']);

export function DevelopmentPage() {
  const tm = useMem();
  const can = useCan();
  const { orgId } = useScope();
  const [stage, setStage] = useState<(typeof STAGES)[number]>('open');
  const [creating, setCreating] = useState(false);
  const [cohorts, setCohorts] = useState(false);
  const cohortLabel = useCohortLabel();
  const [detail, setDetail] = useState<string | null>(null);
  const [acting, setActing] = useState<{ app: Application; action: DevAction } | null>(null);
  const query = { orgId: orgId ?? undefined, ...(stage === 'open' ? { open: true } : { stage }) };

  const q = useInfiniteQuery({
    queryKey: ['applications', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/member-applications', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const allowed = (action: string) => can(NEEDS_APPROVE.has(action) ? 'member.approve' : 'member.write');

  return (
    <>
      <PageTitle
        extra={
          <Space>
            <ExportButton path="/api/v1/member-applications/export" fileName={`${tm('dev.title')}.xlsx`} query={query} />
            <Button onClick={() => setCohorts(true)}>{cohortLabel}</Button>
            <Can permission="member.write">
              <Button type="primary" onClick={() => setCreating(true)}>
                {tm('dev.create')}
              </Button>
            </Can>
          </Space>
        }
      >
        {tm('dev.title')}
      </PageTitle>
      <Segmented<(typeof STAGES)[number]>
        aria-label={tm('dev.stage')}
        style={{ marginBottom: 16 }}
        value={stage}
        onChange={setStage}
        options={STAGES.map((s) => ({ value: s, label: tm(`dev.stage.${s}` as MemKey) }))}
      />
      <ErrorAlert error={q.error} />
      <Table<Application>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'name',
            title: tm('dev.applicant'),
            render: (_, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setDetail(r.id)}>
                {r.name}
              </Button>
            ),
          },
          { key: 'org', title: tm('mem.branch'), dataIndex: 'orgName' },
          { key: 'stage', title: tm('dev.stage'), render: (_, r) => <Badge status={STAGE_BADGE[r.stage]} text={r.stageLabel} /> },
          { key: 'appliedOn', title: tm('dev.appliedOn'), dataIndex: 'appliedOn' },
          { key: 'hours', title: tm('dev.hours'), dataIndex: 'lessonHours' },
          {
            key: 'next',
            title: tm('dev.next'),
            render: (_, r) => (
              <Space wrap>
                {r.nextAction && allowed(r.nextAction) && (
                  <Button size="small" type="primary" onClick={() => setActing({ app: r, action: r.nextAction as DevAction })}>
                    {r.nextActionLabel}
                  </Button>
                )}
                {r.nextAction && !allowed(r.nextAction) && <span>{tm('dev.waitingAbove', { action: r.nextActionLabel ?? '' })}</span>}
                {r.stage === 'activist' && can('member.write') && (
                  <Button size="small" onClick={() => setActing({ app: r, action: 'lessons' })}>
                    {tm('dev.action.lessons')}
                  </Button>
                )}
                {r.open && can('member.write') && (
                  <Button size="small" danger onClick={() => setActing({ app: r, action: 'reject' })}>
                    {tm('dev.action.reject')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <ApplicationCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          q.refetch();
        }}
      />
      <ActionModal
        app={acting?.app ?? null}
        action={acting?.action ?? null}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          q.refetch();
        }}
      />
      <ApplicationDrawer id={detail} onClose={() => setDetail(null)} />
      <CohortModal open={cohorts} onClose={() => setCohorts(false)} />
    </>
  );
}
