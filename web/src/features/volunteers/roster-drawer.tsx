import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Input, Modal, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { RosterEntry, VolunteerShift } from '../../api/types';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { useDownload } from '../../components/use-paged';
import { useVolunteerText } from './messages';
import { COLORS, SIGNUP_COLORS } from './options';
import { VolunteerSelect } from './pickers';

/** Everyone on one shift, with the organizer's actions: approve, reject, cancel, no-show, confirm an offer. */
export function RosterDrawer({ shift, onClose }: { shift: VolunteerShift | null; onClose: () => void }) {
  const t = useVolunteerText();
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rejecting, setRejecting] = useState<RosterEntry | null>(null);
  const [reason, setReason] = useState('');
  const key = ['volunteer-roster', shift?.id];
  const roster = useQuery({
    queryKey: key,
    enabled: shift !== null,
    queryFn: () => ok(client.GET('/api/v1/volunteer-shifts/{id}/roster', { params: { path: { id: shift?.id ?? '' } } })),
  });
  const can = useCan();
  const write = can('volunteer.write');
  const download = useDownload();

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      message.success(tc('common.done'));
      await qc.invalidateQueries({ queryKey: key });
      await qc.invalidateQueries({ queryKey: ['volunteer-activity'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const title = shift ? t('roster.title', { time: `${dayjs(shift.startsAt).format('YYYY-MM-DD HH:mm')}–${dayjs(shift.endsAt).format('HH:mm')}` }) : '';
  const ended = shift ? dayjs(shift.endsAt).isBefore(dayjs()) : false;
  return (
    <Drawer
      title={title}
      open={shift !== null}
      onClose={onClose}
      size="large"
      extra={
        shift && (
          <Button
            icon={<DownloadOutlined />}
            loading={download.busy}
            onClick={() => download.run('/api/v1/volunteer-shifts/{id}/roster/export', `${title}.xlsx`, { path: { id: shift.id } })}
          >
            {tc('common.exportExcel')}
          </Button>
        )
      }
    >
      <ErrorAlert error={roster.error} />
      {roster.data && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Tag color={COLORS.green}>
            {t('act.taken')}: {roster.data.shift.taken}/{roster.data.shift.capacity}
          </Tag>
          <Tag color={COLORS.blue}>
            {t('act.waitlisted')}: {roster.data.shift.waitlisted}
          </Tag>
          {write && !ended && (
            <VolunteerSelect
              clearOnPick
              aria-label={t('roster.pickVolunteer')}
              style={{ width: 260 }}
              onChange={(volunteerId) =>
                act(() => ok(client.POST('/api/v1/volunteer-shifts/{id}/signups', { params: { path: { id: shift?.id ?? '' } }, body: { volunteerId } })))
              }
            />
          )}
        </Space>
      )}
      <Table<RosterEntry>
        rowKey="id"
        size="small"
        loading={roster.isLoading}
        dataSource={roster.data?.items ?? []}
        pagination={false}
        columns={[
          { key: 'name', title: t('vol.name'), dataIndex: 'name' },
          { key: 'number', title: t('vol.number'), dataIndex: 'number' },
          { key: 'status', title: tc('common.status'), render: (_, r) => <Tag color={SIGNUP_COLORS[r.status]}>{t(`signup.${r.status}`)}</Tag> },
          { key: 'position', title: t('roster.position'), render: (_, r) => (r.status === 'waitlisted' ? r.position : tc('common.none')) },
          {
            key: 'offer',
            title: t('roster.offeredUntil'),
            render: (_, r) => (r.offeredUntil ? dayjs(r.offeredUntil).format('MM-DD HH:mm') : (r.reason ?? tc('common.none'))),
          },
          {
            key: 'actions',
            title: tc('common.actions'),
            render: (_, r) =>
              write && (
                <Space size={4} wrap>
                  {r.status === 'pending' && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => act(() => ok(client.POST('/api/v1/volunteer-signups/{id}/approve', { params: { path: { id: r.id } } })))}
                    >
                      {t('roster.approve')}
                    </Button>
                  )}
                  {(r.status === 'pending' || r.status === 'waitlisted') && (
                    <Button size="small" type="link" danger onClick={() => setRejecting(r)}>
                      {t('roster.reject')}
                    </Button>
                  )}
                  {r.status === 'offered' && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => act(() => ok(client.POST('/api/v1/volunteer-signups/{id}/confirm-offer', { params: { path: { id: r.id } } })))}
                    >
                      {t('roster.confirmOffer')}
                    </Button>
                  )}
                  {['confirmed', 'pending', 'waitlisted', 'offered'].includes(r.status) && !ended && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => act(() => ok(client.POST('/api/v1/volunteer-signups/{id}/cancel', { params: { path: { id: r.id } }, body: {} })))}
                    >
                      {t('roster.cancel')}
                    </Button>
                  )}
                  {r.status === 'confirmed' && ended && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => act(() => ok(client.POST('/api/v1/volunteer-signups/{id}/no-show', { params: { path: { id: r.id } } })))}
                    >
                      {t('roster.noShow')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        title={t('roster.reject')}
        open={rejecting !== null}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          await act(() => ok(client.POST('/api/v1/volunteer-signups/{id}/reject', { params: { path: { id: rejecting?.id ?? '' } }, body: { reason } })));
          setRejecting(null);
          setReason('');
        }}
      >
        <label htmlFor="reject-reason">{t('roster.rejectReason')}</label>
        <Input.TextArea id="reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Modal>
    </Drawer>
  );
}
