import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client';
import type { VolunteerActivity, VolunteerShift } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { PageTitle } from '../../components/page-title';
import { ACTIVITY_COLORS } from './activities-page';
import { COLORS } from './options';
import { RosterDrawer } from './roster-drawer';

export function ActivityDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const [shift, setShift] = useState<VolunteerShift | null>(null);
  const q = useQuery({ queryKey: ['volunteer-activity', id], queryFn: () => api.get<VolunteerActivity>(`/volunteer-activities/${id}`) });
  const a = q.data;
  const write = can('volunteer.write');

  const act = async (path: string) => {
    try {
      await api.post(path, {});
      message.success(t('common.done'));
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
                <Button type="primary" onClick={() => act(`/volunteer-activities/${id}/publish`)}>
                  {t('act.publish')}
                </Button>
              )}
              {a.status === 'published' && <Button onClick={() => act(`/volunteer-activities/${id}/close`)}>{t('act.close')}</Button>}
              {(a.status === 'draft' || a.status === 'published') && (
                <Button danger onClick={() => act(`/volunteer-activities/${id}/cancel`)}>
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
              <Descriptions.Item label={t('common.status')}>
                <Tag color={ACTIVITY_COLORS[a.status]}>{t(`act.status.${a.status}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('act.org')}>{a.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('act.serviceContent')}>{a.serviceContent ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.place')}>
                {a.place ?? t('common.none')}
                {a.lat !== null && a.lng !== null && ` (${a.lat.toFixed(4)}, ${a.lng.toFixed(4)}${a.geofenceM ? `, ${a.geofenceM} m` : ''})`}
              </Descriptions.Item>
              <Descriptions.Item label={t('act.team')}>{a.teamName ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('act.project')}>{a.projectName ?? t('common.none')}</Descriptions.Item>
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
                  title: t('common.status'),
                  render: (_, s) => (s.status === 'open' ? <Tag color={COLORS.green}>{t('act.shiftOpen')}</Tag> : <Tag>{t('act.shiftCancelled')}</Tag>),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_, s) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setShift(s)}>
                        {t('act.roster')}
                      </Button>
                      {write && s.status === 'open' && (
                        <Button size="small" type="link" danger onClick={() => act(`/volunteer-shifts/${s.id}/cancel`)}>
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
