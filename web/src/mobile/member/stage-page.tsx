import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Popconfirm, Spin, Steps, Timeline } from 'antd';
import { Link, Navigate } from 'react-router';
import { api } from '../../api/client';
import type { ApplicationDetail, ApplicationStage } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import type { MessageKey } from '../../app/messages';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { MobileShell } from './mobile-shell';

const ORDER: ApplicationStage[] = ['applied', 'activist', 'candidate', 'reviewed', 'voted', 'approved', 'inducted'];

function StageCard({ d, onChanged }: { d: ApplicationDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const a = d.application;
  const current = ORDER.indexOf(a.stage);
  const open = ['applied', 'activist', 'candidate', 'reviewed', 'voted'].includes(a.stage);
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
          items={ORDER.map((s) => ({ title: t(`m.stage.${s}` as MessageKey) }))}
        />
      )}
      {a.nextActionLabel && open && <Alert type="info" style={{ margin: '12px 0' }} title={t('m.next', { action: a.nextActionLabel })} />}
      <h3 style={{ fontSize: 14 }}>{t('dev.steps')}</h3>
      <Timeline
        items={d.steps.map((s) => ({
          key: `${s.at}-${s.action}`,
          content: `${s.occurredOn ?? s.at.slice(0, 10)} ${s.actionLabel}`,
        }))}
      />
      {open && (
        <Popconfirm
          title={t('m.withdrawConfirm')}
          onConfirm={async () => {
            try {
              await api.post(`/self/member-applications/${a.id}/withdraw`);
              onChanged();
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Button danger block>
            {t('m.withdraw')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

/** 我的入团进度: where each of my applications stands and what happened when. */
export function StagePage() {
  const { t } = useI18n();
  const { me, loading } = useAuth();
  const q = useQuery({
    queryKey: ['self', 'applications'],
    enabled: Boolean(me),
    queryFn: () => api.get<{ items: ApplicationDetail[] }>('/self/member-applications'),
  });
  if (loading) return <Spin />;
  if (!me) return <Navigate to="/m/member" replace />;
  return (
    <MobileShell title={t('m.stageTitle')}>
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin />}
      {q.data?.items.length === 0 && <Empty description={t('m.none')} />}
      {q.data?.items.map((d) => (
        <StageCard key={d.application.id} d={d} onChanged={() => q.refetch()} />
      ))}
      <Link to="/m/member" style={{ display: 'block', textAlign: 'center' }}>
        {t('m.applyTitle')}
      </Link>
    </MobileShell>
  );
}
