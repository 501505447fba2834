import { skipToken, useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Timeline, Typography } from 'antd';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/api-error';
import { useMem } from './member-i18n';

/** One application: its facts and every recorded step (date, actor, evidence). */
export function ApplicationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const tm = useMem();
  const q = useQuery({
    queryKey: ['application', id],
    queryFn: id === null ? skipToken : () => ok(client.GET('/api/v1/member-applications/{id}', { params: { path: { id } } })),
  });
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
            <Descriptions.Item label={tm('mem.branch')}>{a.orgName}</Descriptions.Item>
            <Descriptions.Item label={tm('dev.appliedOn')}>{a.appliedOn}</Descriptions.Item>
            <Descriptions.Item label={tm('dev.activistOn')}>
              {a.activistOn ?? '—'} {a.activistRoute ? `（${tm(`dev.route.${a.activistRoute}`)}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={tm('dev.hours')}>{a.lessonHours}</Descriptions.Item>
            <Descriptions.Item label={tm('dev.sponsors')}>{[a.sponsor1Name, a.sponsor2Name].filter(Boolean).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={tm('dev.vote')}>
              {a.voteOn ? tm('dev.voteCounts', { eligible: a.voteEligible ?? 0, present: a.votePresent ?? 0, yes: a.voteYes ?? 0, date: a.voteOn }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={tm('dev.approvedOn')}>{a.approvedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={tm('dev.ceremonyOn')}>{a.ceremonyOn ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 15 }}>
            {tm('dev.steps')}
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
