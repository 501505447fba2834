import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import type { VolunteerShift } from '../../api/types';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { PageTitle } from '../../components/page-title';
import { ACTIVITY_COLORS } from './activities-page';
import { useVolunteerText } from './messages';
import { COLORS } from './options';
import { RosterDrawer } from './roster-drawer';

export function ActivityDetailPage() {
  const { id = '' } = useParams();
  const t = useVolunteerText();
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const [shift, setShift] = useState<VolunteerShift | null>(null);
  const q = useQuery({
    queryKey: ['volunteer-activity', id],
    queryFn: () => ok(client.GET('/api/v1/volunteer-activities/{id}', { params: { path: { id } } })),
  });
  const a = q.data;
  const can = useCan();
  const write = can('volunteer.write');

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      message.success(tc('common.done'));
      await q.refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const yes = (b: boolean | undefined) => (b ? '✓' : t('act.none'));

  return (
    <>
      <Link to={{ pathname: '/volunteer-activities', search: location.search }}>
        <ArrowLeftOutlined /> {t('act.back')}
      </Link>
      <PageTitle
        extra={
          a &&
          write && (
            <Space wrap>
              {a.status === 'draft' && (
                <Button
                  type="primary"
                  onClick={() => act(() => ok(client.POST('/api/v1/volunteer-activities/{id}/publish', { params: { path: { id } }, body: {} })))}
                >
                  {t('act.publish')}
                </Button>
              )}
              {a.status === 'published' && (
                <Button onClick={() => act(() => ok(client.POST('/api/v1/volunteer-activities/{id}/close', { params: { path: { id } }, body: {} })))}>
                  {t('act.close')}
                </Button>
              )}
              {(a.status === 'draft' || a.status === 'published') && (
                <Button danger onClick={() => act(() => ok(client.POST('/api/v1/volunteer-activities/{id}/cancel', { params: { path: { id } }, body: {} })))}>
                  {t('act.cancel')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {a?.title ?? t('act.title')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      {a && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              <Descriptions.Item label={tc('common.status')}>
                <Tag color={ACTIVITY_COLORS[a.status]}>{t(`act.status.${a.status}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('act.org')}>{a.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('act.serviceContent')}>{a.serviceContent ?? tc('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.place')}>
                {a.place ?? tc('common.none')}
                {a.lat !== null && a.lng !== null && ` (${a.lat.toFixed(4)}, ${a.lng.toFixed(4)}${a.geofenceM ? `, ${a.geofenceM} m` : ''})`}
              </Descriptions.Item>
              <Descriptions.Item label={t('act.team')}>{a.teamName ?? tc('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.project')}>{a.projectName ?? tc('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.minAge')}>{a.minAge ?? t('act.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.maxAge')}>{a.maxAge ?? t('act.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.skills')}>{a.skills.length ? a.skills.join('、') : t('act.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.requiresInsurance')}>{yes(a.requiresInsurance)}</Descriptions.Item>
              <Descriptions.Item label={t('act.requiresTraining')}>{a.requiresTraining ?? t('act.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.requiresApproval')}>{yes(a.requiresApproval)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('act.shifts')}</h2>}>
            <Table<VolunteerShift>
              rowKey="id"
              size="small"
              dataSource={a.shifts}
              pagination={a.shifts.length > 20 ? { pageSize: 20 } : false}
              columns={[
                {
                  key: 'time',
                  title: t('act.shiftTime'),
                  render: (_, s) => `${dayjs(s.startsAt).format('YYYY-MM-DD ddd HH:mm')}–${dayjs(s.endsAt).format('HH:mm')}`,
                },
                { key: 'taken', title: t('act.taken'), render: (_, s) => `${s.taken}/${s.capacity}` },
                { key: 'wait', title: t('act.waitlisted'), dataIndex: 'waitlisted' },
                {
                  key: 'status',
                  title: tc('common.status'),
                  render: (_, s) => (s.status === 'open' ? <Tag color={COLORS.green}>{t('act.shiftOpen')}</Tag> : <Tag>{t('act.shiftCancelled')}</Tag>),
                },
                {
                  key: 'actions',
                  title: tc('common.actions'),
                  render: (_, s) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setShift(s)}>
                        {t('act.roster')}
                      </Button>
                      {write && s.status === 'open' && (
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={() => act(() => ok(client.POST('/api/v1/volunteer-shifts/{id}/cancel', { params: { path: { id: s.id } } })))}
                        >
                          {t('act.cancelShift')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
      <RosterDrawer shift={shift} onClose={() => setShift(null)} />
    </>
  );
}
