import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Popconfirm, Spin, Steps, Timeline } from 'antd';
import { Link, Navigate } from 'react-router';
import { client, ok } from '../../api/client';
import type { ApplicationDetail, ApplicationStage } from '../../api/types';
import { useAuth } from '../../app/auth';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { MobileShell } from './mobile-shell';
import { type MKey, useM } from './m-i18n';
import { useMem } from '../../features/members/member-i18n';

const ORDER: ApplicationStage[] = ['applied', 'activist', 'candidate', 'reviewed', 'voted', 'approved', 'inducted'];

function StageCard({ d, onChanged }: { d: ApplicationDetail; onChanged: () => void }) {
  const tm = useM();
  const mem = useMem();
  const { message } = App.useApp();
  const a = d.application;
  const current = ORDER.indexOf(a.stage);
  const open = a.open;
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{a.orgName}</h2>}>
      {current < 0 ? (
        <Alert type="info" showIcon title={a.stageLabel} description={a.closedReason ?? undefined} style={{ marginBottom: 12 }} />
      ) : (
        <Steps
          orientation="vertical"
          size="small"
          current={current}
          status={a.stage === 'inducted' ? 'finish' : 'process'}
          items={ORDER.map((s) => ({ title: tm(`m.stage.${s}` as MKey) }))}
        />
      )}
      {a.nextActionLabel && open && <Alert type="info" style={{ margin: '12px 0' }} title={tm('m.next', { action: a.nextActionLabel })} />}
      <h3 style={{ fontSize: 14 }}>{mem('dev.steps')}</h3>
      <Timeline
        items={d.steps.map((s) => ({
          key: `${s.at}-${s.action}`,
          content: `${s.occurredOn ?? s.at.slice(0, 10)} ${s.actionLabel}`,
        }))}
      />
      {open && (
        <Popconfirm
          title={tm('m.withdrawConfirm')}
          onConfirm={async () => {
            try {
              await ok(client.POST('/api/v1/self/member-applications/{id}/withdraw', { params: { path: { id: a.id } } }));
              onChanged();
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Button danger block>
            {tm('m.withdraw')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

/** 我的入团进度: where each of my applications stands and what happened when. */
export function StagePage() {
  const tm = useM();
  const { me, loading } = useAuth();
  const q = useQuery({
    queryKey: ['self', 'applications'],
    enabled: Boolean(me),
    queryFn: () => ok(client.GET('/api/v1/self/member-applications')),
  });
  if (loading) return <Spin />;
  if (!me) return <Navigate to="/m/member" replace />;
  return (
    <MobileShell title={tm('m.stageTitle')}>
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin />}
      {q.data?.items.length === 0 && <Empty description={tm('m.none')} />}
      {q.data?.items.map((d) => (
        <StageCard key={d.application.id} d={d} onChanged={() => q.refetch()} />
      ))}
      <Link to="/m/member" style={{ display: 'block', textAlign: 'center' }}>
        {tm('m.applyTitle')}
      </Link>
    </MobileShell>
  );
}
