import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { StarAward, VolunteerCertificate } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useDownload } from '../../components/use-paged';
import { CertificateFormModal } from './certificate-form';
import { useHoursText } from './messages';
import { usePaged } from './use-page';

export function StarsTab() {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { orgId } = useScope();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const approve = can('volunteer.approve');
  const [status, setStatus] = useState<StarAward['status'] | undefined>('proposed');
  const q = usePaged('stars', '/api/v1/volunteer-hours/stars', { orgId, status }, orgId !== null);
  const run = (p: Promise<unknown>) =>
    p.then(
      () => {
        void message.success(tc('common.done'));
        void qc.invalidateQueries({ queryKey: ['volunteer-hours'] });
      },
      (e: unknown) => void message.error(errorMessage(e)),
    );
  const download = useDownload();
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={tc('common.status')}
          allowClear
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          options={(['proposed', 'in_notice', 'certified', 'rejected'] as const).map((s) => ({ value: s, label: t(`vh.star.${s}`) }))}
        />
        <Button
          icon={<DownloadOutlined />}
          loading={download.busy}
          disabled={orgId === null}
          onClick={() => void download.run('/api/v1/volunteer-hours/stars/export', 'star-volunteers.xlsx', { query: { orgId, status } })}
        >
          {tc('common.exportExcel')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<StarAward>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'v', title: t('vh.volunteerName'), render: (_, r) => `${r.volunteerName}（${r.volunteerNumber}）` },
          { key: 'l', title: t('vh.level'), render: (_, r) => <span style={{ color: '#b45309' }}>{r.stars}</span> },
          { key: 'h', title: t('vh.hoursAtProposal'), dataIndex: 'hoursAtProposal' },
          { key: 'o', title: t('vh.certifier'), dataIndex: 'orgName' },
          { key: 's', title: tc('common.status'), render: (_, r) => <Tag>{r.statusLabel}</Tag> },
          { key: 'n', title: t('vh.notice'), render: (_, r) => (r.noticeFrom ? `${r.noticeFrom} ~ ${r.noticeUntil}` : '—') },
          {
            key: 'x',
            title: tc('common.actions'),
            render: (_, r) =>
              approve && (
                <Space>
                  {r.status === 'proposed' && (
                    <Button size="small" onClick={() => run(ok(client.POST('/api/v1/volunteer-hours/stars/{id}/notice', { params: { path: { id: r.id } } })))}>
                      {t('vh.startNotice')}
                    </Button>
                  )}
                  {r.status === 'in_notice' && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => run(ok(client.POST('/api/v1/volunteer-hours/stars/{id}/certify', { params: { path: { id: r.id } } })))}
                    >
                      {t('vh.certify')}
                    </Button>
                  )}
                  {(r.status === 'proposed' || r.status === 'in_notice') && (
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        let reason = '';
                        modal.confirm({
                          title: t('vh.rejectStar'),
                          content: <Input.TextArea aria-label={tc('common.reason')} onChange={(e) => (reason = e.target.value)} />,
                          onOk: () => run(ok(client.POST('/api/v1/volunteer-hours/stars/{id}/reject', { params: { path: { id: r.id } }, body: { reason } }))),
                        });
                      }}
                    >
                      {t('vh.reject')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </>
  );
}

export function CertificatesTab() {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const download = useDownload();
  const q = usePaged('certificates', '/api/v1/volunteer-hours/certificates', { orgId }, orgId !== null);
  return (
    <>
      <Can permission="volunteer.approve">
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)} disabled={orgId === null}>
          {t('vh.issue')}
        </Button>
      </Can>
      <ErrorAlert error={q.error} />
      <Table<VolunteerCertificate>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'n', title: t('vh.certNumber'), render: (_, r) => r.fields.number },
          { key: 'v', title: t('vh.volunteerName'), render: (_, r) => r.fields.volunteerName },
          { key: 't', title: t('vm.tracked'), render: (_, r) => r.fields.trackedHours },
          { key: 'm', title: t('vm.manual'), render: (_, r) => r.fields.manualHours },
          { key: 'i', title: t('vh.issuer'), render: (_, r) => r.fields.issuerName },
          { key: 'd', title: t('vh.issuedOn'), render: (_, r) => r.fields.issuedOn },
          { key: 'c', title: t('vh.verifyCode'), render: (_, r) => r.fields.verifyCode },
          {
            key: 'x',
            title: tc('common.actions'),
            render: (_, r) => (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                aria-label={t('vm.downloadPdf')}
                onClick={() => void download.run('/api/v1/volunteer-hours/certificates/{id}/pdf', `${r.fields.number}.pdf`, { path: { id: r.id } })}
              />
            ),
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <CertificateFormModal
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          void qc.invalidateQueries({ queryKey: ['volunteer-hours'] });
        }}
      />
    </>
  );
}
