import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { client, ok } from '../../api/client';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { type HoursKey, useHoursText } from '../../features/volunteer-hours/messages';

const fmt = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

/** Activities with shifts to come, nearest first when the browser shares its position. */
export function ActivitiesTab() {
  const t = useHoursText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [pos, setPos] = useState<{ lat: number; lng: number } | null>(null);
  useEffect(() => {
    navigator.geolocation?.getCurrentPosition(
      (p) => setPos({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => {},
      { timeout: 5000 },
    );
  }, []);
  const q = useQuery({
    queryKey: ['self', 'volunteer-activities', pos],
    queryFn: () => ok(client.GET('/api/v1/self/volunteer-activities', { params: { query: pos ?? {} } })),
  });
  const act = useMutation({
    mutationFn: (a: { kind: 'signup' | 'cancel'; id: string }) =>
      a.kind === 'signup'
        ? ok(client.POST('/api/v1/self/volunteer-shifts/{shiftId}/signup', { params: { path: { shiftId: a.id } } }))
        : ok(client.POST('/api/v1/self/volunteer-signups/{signupId}/cancel', { params: { path: { signupId: a.id } } })),
    onSuccess: (_, a) => {
      void message.success(a.kind === 'signup' ? t('vm.signedUp') : t('vm.cancelled'));
      void qc.invalidateQueries({ queryKey: ['self', 'volunteer-activities'] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const items = q.data?.items ?? [];
  return (
    <Flex vertical gap={12}>
      <h2 style={{ fontSize: 18, margin: 0 }}>{t('vm.activities')}</h2>
      <ErrorAlert error={q.error} />
      {!q.isLoading && items.length === 0 && <Empty description={t('vm.noActivities')} />}
      {items.map((a) => (
        <Card key={a.id} size="small" title={<h3 style={{ fontSize: 16, margin: 0 }}>{a.title}</h3>}>
          <Typography.Text type="secondary">
            {a.orgName}
            {a.place ? ` · ${a.place}` : ''}
            {a.distanceM !== null ? ` · ${a.distanceM < 1000 ? `${a.distanceM} m` : `${(a.distanceM / 1000).toFixed(1)} km`}` : ''}
          </Typography.Text>
          {a.shifts.map((s) => (
            <Flex key={s.id} justify="space-between" align="center" style={{ marginTop: 8 }}>
              <span>
                {fmt(s.startsAt)}–{dayjs(s.endsAt).format('HH:mm')}{' '}
                <Typography.Text type="secondary">
                  {s.taken}/{s.capacity}
                </Typography.Text>
                {s.myStatus && <Tag style={{ marginLeft: 4 }}>{t(`vm.signup.${s.myStatus}` as HoursKey)}</Tag>}
              </span>
              {s.mySignupId ? (
                <Button
                  size="small"
                  onClick={() => act.mutate({ kind: 'cancel', id: s.mySignupId ?? '' })}
                  aria-label={t('vm.cancelFor', { time: fmt(s.startsAt) })}
                >
                  {t('vm.cancel')}
                </Button>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => act.mutate({ kind: 'signup', id: s.id })}
                  aria-label={t('vm.signupFor', { time: fmt(s.startsAt) })}
                >
                  {t('vm.signup')}
                </Button>
              )}
            </Flex>
          ))}
        </Card>
      ))}
    </Flex>
  );
}
