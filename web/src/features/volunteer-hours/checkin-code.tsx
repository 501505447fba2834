import { useQuery } from '@tanstack/react-query';
import { Flex, Typography } from 'antd';
import dayjs from 'dayjs';
import { client, ok } from '../../api/client';
import { ErrorAlert } from '../../components/api-error';
import { useHoursText } from './messages';

/** The rotating code: fetched again before each 30-second window runs out. */
export function CheckinCodeView({ shiftId, kind, size }: { shiftId: string; kind: 'in' | 'out'; size: number }) {
  const t = useHoursText();
  const q = useQuery({
    queryKey: ['checkin-code', shiftId, kind],
    queryFn: () => ok(client.GET('/api/v1/volunteer-hours/shifts/{shiftId}/checkin-code', { params: { path: { shiftId }, query: { kind } } })),
    refetchInterval: 10_000,
    refetchIntervalInBackground: true,
  });
  if (q.error) return <ErrorAlert error={q.error} />;
  const c = q.data;
  if (!c) return null;
  // Grouped 3 + 3 so it is read out and typed without losing place; the server accepts either.
  const digits = `${c.code.slice(0, 3)} ${c.code.slice(3)}`;
  return (
    <div style={{ textAlign: 'center' }}>
      <Flex wrap justify="center" align="center" gap={24}>
        <img
          src={`data:image/svg+xml;utf8,${encodeURIComponent(c.svg)}`}
          alt={t(kind === 'in' ? 'vh.qrIn' : 'vh.qrOut', { title: c.shift.title })}
          style={{ width: size, height: size, imageRendering: 'pixelated', background: '#fff' }}
        />
        <div>
          <Typography.Text type="secondary">{t('vh.shortCode')}</Typography.Text>
          <div
            data-testid="checkin-short-code"
            role="status"
            aria-label={`${t('vh.shortCodeLabel')} ${c.code.split('').join(' ')}`}
            style={{ fontFamily: 'monospace', fontWeight: 600, fontSize: Math.max(32, Math.round(size / 6)), letterSpacing: 4, whiteSpace: 'nowrap' }}
          >
            {digits}
          </div>
        </div>
      </Flex>
      <div>
        <Typography.Text type="secondary">
          {c.shift.title} · {dayjs(c.shift.startsAt).format('MM-DD HH:mm')}–{dayjs(c.shift.endsAt).format('HH:mm')}
        </Typography.Text>
      </div>
      <Typography.Paragraph copyable={{ text: c.token }} style={{ fontSize: 11, wordBreak: 'break-all', margin: '8px auto', maxWidth: size + 80 }}>
        <span data-testid="checkin-token">{c.token}</span>
      </Typography.Paragraph>
    </div>
  );
}
