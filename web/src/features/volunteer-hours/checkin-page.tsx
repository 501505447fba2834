import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Segmented, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { PageTitle } from '../../components/page-title';
import { CheckinCodeView } from './checkin-code';
import { useHoursText } from './messages';

/** The activity lead's check-in screen: pick a shift, show its rotating code for check-in or check-out. */
export function CheckinPage() {
  const t = useHoursText();
  const { orgId } = useScope();
  const [params, setParams] = useSearchParams();
  const [activityId, setActivityId] = useState<string | null>(null);
  const shiftId = params.get('shiftId');
  const kind = params.get('kind') === 'out' ? 'out' : 'in';
  const activities = useQuery({
    queryKey: ['volunteer-activities', orgId, 'published'],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/volunteer-activities', { params: { query: { orgId: orgId ?? undefined, status: 'published', limit: 100 } } })),
  });
  const detail = useQuery({
    queryKey: ['volunteer-activity', activityId],
    enabled: Boolean(activityId),
    queryFn: () => ok(client.GET('/api/v1/volunteer-activities/{id}', { params: { path: { id: activityId ?? '' } } })),
  });
  const set = (next: Record<string, string>) => setParams((p) => ({ ...Object.fromEntries(p), ...next }));
  return (
    <>
      <PageTitle>{t('vh.checkinTitle')}</PageTitle>
      <Form layout="inline" name="checkin-pick" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('vh.activity')} htmlFor="checkin-activity">
          <Select
            id="checkin-activity"
            style={{ width: 260 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={activityId}
            onChange={setActivityId}
            loading={activities.isLoading}
            options={(activities.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
          />
        </Form.Item>
        <Form.Item label={t('vh.shift')} htmlFor="checkin-shift">
          <Select
            id="checkin-shift"
            style={{ width: 240 }}
            value={shiftId}
            onChange={(v: string) => set({ shiftId: v })}
            options={(detail.data?.shifts ?? [])
              .filter((s) => s.status === 'open')
              .map((s) => ({ value: s.id, label: `${dayjs(s.startsAt).format('MM-DD HH:mm')}–${dayjs(s.endsAt).format('HH:mm')}` }))}
          />
        </Form.Item>
        <Form.Item label={t('vh.kind')}>
          <Segmented
            value={kind}
            onChange={(v) => set({ kind: String(v) })}
            options={[
              { value: 'in', label: t('vh.kindIn') },
              { value: 'out', label: t('vh.kindOut') },
            ]}
          />
        </Form.Item>
      </Form>
      {shiftId && (
        <Card
          extra={
            <Link to={`/kiosk/checkin/${shiftId}?kind=${kind}`} target="_blank">
              <Button>{t('vh.openKiosk')}</Button>
            </Link>
          }
          title={t(kind === 'in' ? 'vh.kindIn' : 'vh.kindOut')}
        >
          <CheckinCodeView shiftId={shiftId} kind={kind} size={280} />
        </Card>
      )}
    </>
  );
}
