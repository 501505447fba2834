import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Input, Modal, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import type { RosterEntry, VolunteerShift } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { useDownload } from '../../components/use-paged';
import { COLORS, SIGNUP_COLORS } from './options';
import { VolunteerSelect } from './pickers';

type Roster = { shift: VolunteerShift; items: RosterEntry[] };

/** Everyone on one shift, with the organizer's actions: approve, reject, cancel, no-show, confirm an offer. */
export function RosterDrawer({ shift, onClose }: { shift: VolunteerShift | null; onClose: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [rejecting, setRejecting] = useState<RosterEntry | null>(null);
  const [reason, setReason] = useState('');
  const key = ['volunteer-roster', shift?.id];
  const roster = useQuery({ queryKey: key, enabled: shift !== null, queryFn: () => api.get<Roster>(`/volunteer-shifts/${shift?.id}/roster`) });
  const write = can('volunteer.write');
  const download = useDownload();

  const act = async (path: string, body?: unknown) => {
    try {
      await api.post(path, body);
      message.success(t('common.done'));
      await client.invalidateQueries({ queryKey: key });
      await client.invalidateQueries({ queryKey: ['volunteer-activity'] });
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
            onClick={() => download.run(`/volunteer-shifts/${shift.id}/roster/export`, `${title}.xlsx`)}
          >
            {t('common.exportExcel')}
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
              onChange={(id) => act(`/volunteer-shifts/${shift?.id}/signups`, { volunteerId: id })}
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
          { key: 'status', title: t('common.status'), render: (_, r) => <Tag color={SIGNUP_COLORS[r.status]}>{t(`signup.${r.status}`)}</Tag> },
          { key: 'position', title: t('roster.position'), render: (_, r) => (r.status === 'waitlisted' ? r.position : t('common.none')) },
          {
            key: 'offer',
            title: t('roster.offeredUntil'),
            render: (_, r) => (r.offeredUntil ? dayjs(r.offeredUntil).format('MM-DD HH:mm') : (r.reason ?? t('common.none'))),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, r) =>
              write && (
                <Space size={4} wrap>
                  {r.status === 'pending' && (
                    <Button size="small" type="link" onClick={() => act(`/volunteer-signups/${r.id}/approve`)}>
                      {t('roster.approve')}
                    </Button>
                  )}
                  {(r.status === 'pending' || r.status === 'waitlisted') && (
                    <Button size="small" type="link" danger onClick={() => setRejecting(r)}>
                      {t('roster.reject')}
                    </Button>
                  )}
                  {r.status === 'offered' && (
                    <Button size="small" type="link" onClick={() => act(`/volunteer-signups/${r.id}/confirm-offer`)}>
                      {t('roster.confirmOffer')}
                    </Button>
                  )}
                  {['confirmed', 'pending', 'waitlisted', 'offered'].includes(r.status) && !ended && (
                    <Button size="small" type="link" onClick={() => act(`/volunteer-signups/${r.id}/cancel`, {})}>
                      {t('roster.cancel')}
                    </Button>
                  )}
                  {r.status === 'confirmed' && ended && (
                    <Button size="small" type="link" onClick={() => act(`/volunteer-signups/${r.id}/no-show`)}>
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
          await act(`/volunteer-signups/${rejecting?.id}/reject`, { reason });
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
