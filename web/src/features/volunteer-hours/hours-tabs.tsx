import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { HourClaim, HourEntry } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useDownload } from '../../components/use-paged';
import { ClaimFormModal } from './claim-form';
import { usePaged } from './use-page';

/** Asks for a reason, then runs the action; errors stay in the dialog. */
function useReasonPrompt() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  return (title: string, run: (reason: string) => Promise<unknown>, required = true) => {
    let reason = '';
    modal.confirm({
      title,
      content: <Input.TextArea aria-label={t('common.reason')} rows={3} onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        if (required && !reason.trim()) {
          void message.error(t('vh.reasonRequired'));
          throw new Error('reason');
        }
        try {
          await run(reason);
          void message.success(t('common.done'));
        } catch (e) {
          void message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };
}

export function ClaimsTab() {
  const { t } = useI18n();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string>('pending');
  const [open, setOpen] = useState(false);
  const q = usePaged<HourClaim>('claims', '/volunteer-hours/claims', { orgId, status }, orgId !== null);
  const prompt = useReasonPrompt();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['volunteer-hours'] });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('common.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={['pending', 'approved', 'rejected'].map((s) => ({ value: s, label: t(`vh.claim.${s}` as 'vh.claim.pending') }))}
        />
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('vh.newClaim')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<HourClaim>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'v', title: t('vh.volunteerName'), render: (_, r) => `${r.volunteerName}（${r.volunteerNumber}）` },
          { key: 'a', title: t('vh.activity'), render: (_, r) => r.activityTitle ?? '—' },
          { key: 'd', title: t('vh.serviceDate'), dataIndex: 'serviceDate' },
          { key: 'h', title: t('vh.hours'), dataIndex: 'hours' },
          { key: 'r', title: t('common.reason'), dataIndex: 'reason' },
          { key: 's', title: t('common.status'), render: (_, r) => <Tag>{r.statusLabel}</Tag> },
          {
            key: 'x',
            title: t('common.actions'),
            render: (_, r) =>
              r.status === 'pending' && (
                <Space>
                  <Button
                    size="small"
                    onClick={() => prompt(t('vh.approve'), (c) => api.post(`/volunteer-hours/claims/${r.id}/approve`, { comment: c }).then(refresh), false)}
                  >
                    {t('vh.approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => prompt(t('vh.reject'), (c) => api.post(`/volunteer-hours/claims/${r.id}/reject`, { comment: c }).then(refresh))}
                  >
                    {t('vh.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <ClaimFormModal
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          refresh();
        }}
      />
    </>
  );
}

export function EntriesTab() {
  const { t } = useI18n();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [source, setSource] = useState<string | undefined>(undefined);
  const q = usePaged<HourEntry>('entries', '/volunteer-hours/entries', { orgId, source }, orgId !== null);
  const prompt = useReasonPrompt();
  const download = useDownload();
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('vh.source')}
          allowClear
          placeholder={t('vh.source')}
          value={source}
          onChange={setSource}
          style={{ width: 160 }}
          options={[
            { value: 'tracked', label: t('vm.tracked') },
            { value: 'manual', label: t('vm.manual') },
          ]}
        />
        {/* the same filter as the list: the export is what the table shows, every page */}
        <Button
          icon={<DownloadOutlined />}
          loading={download.busy}
          disabled={orgId === null}
          onClick={() => void download.run('/volunteer-hours/entries/export', 'volunteer-hours.xlsx', { orgId, source })}
        >
          {t('common.exportExcel')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<HourEntry>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'v', title: t('vh.volunteerName'), render: (_, r) => `${r.volunteerName}（${r.volunteerNumber}）` },
          { key: 'a', title: t('vh.activity'), render: (_, r) => r.activityTitle ?? '—' },
          { key: 'd', title: t('vh.serviceDate'), dataIndex: 'serviceDate' },
          { key: 'o', title: t('vh.recordedBy'), dataIndex: 'orgName' },
          { key: 's', title: t('vh.source'), render: (_, r) => <Tag color={r.source === 'tracked' ? 'blue' : 'purple'}>{r.sourceLabel}</Tag> },
          { key: 'h', title: t('vh.hours'), dataIndex: 'hours' },
          { key: 'f', title: t('vh.note'), render: (_, r) => r.flagLabel ?? (r.reversesId ? `${t('vm.reversal')}：${r.reason ?? ''}` : (r.reason ?? '')) },
          {
            key: 'x',
            title: t('common.actions'),
            render: (_, r) =>
              !r.reversesId && r.minutes !== 0 ? (
                <Button
                  size="small"
                  onClick={() =>
                    prompt(t('vh.reverse'), (reason) =>
                      api.post(`/volunteer-hours/entries/${r.id}/reverse`, { reason }).then(() => qc.invalidateQueries({ queryKey: ['volunteer-hours'] })),
                    )
                  }
                >
                  {t('vh.reverse')}
                </Button>
              ) : null,
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
    </>
  );
}
