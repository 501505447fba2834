import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Timeline, Typography } from 'antd';
import { api } from '../../api/client';
import type { ApplicationDetail } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/api-error';

/** One application: its facts and every recorded step (date, actor, evidence). */
export function ApplicationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['application', id], enabled: id !== null, queryFn: () => api.get<ApplicationDetail>(`/member-applications/${id}`) });
  const a = q.data?.application;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      rootClassName="application-drawer"
      title={a ? `${a.name} · ${a.stageLabel}` : t('common.details')}
      // The body scrolls: keyboard users must be able to focus it to scroll (axe: scrollable-region-focusable).
      afterOpenChange={(open) => {
        if (open) document.querySelector('.application-drawer .ant-drawer-body')?.setAttribute('tabindex', '0');
      }}
    >
      <ErrorAlert error={q.error} />
      {a && (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('mem.branch')}>{a.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('dev.appliedOn')}>{a.appliedOn}</Descriptions.Item>
            <Descriptions.Item label={t('dev.activistOn')}>
              {a.activistOn ?? '—'} {a.activistRoute ? `（${t(`dev.route.${a.activistRoute}`)}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.hours')}>{a.lessonHours}</Descriptions.Item>
            <Descriptions.Item label={t('dev.sponsors')}>{[a.sponsor1Name, a.sponsor2Name].filter(Boolean).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dev.vote')}>
              {a.voteOn ? t('dev.voteCounts', { eligible: a.voteEligible ?? 0, present: a.votePresent ?? 0, yes: a.voteYes ?? 0, date: a.voteOn }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.approvedOn')}>{a.approvedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dev.ceremonyOn')}>{a.ceremonyOn ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 15 }}>
            {t('dev.steps')}
          </Typography.Title>
          <Timeline
            items={(q.data?.steps ?? []).map((s) => ({
              key: `${s.at}-${s.action}`,
              content: (
                <>
                  <strong>{s.actionLabel}</strong> {s.occurredOn ?? ''} · {s.actor ?? '—'}
                  {s.comment && <div>{s.comment}</div>}
                </>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
