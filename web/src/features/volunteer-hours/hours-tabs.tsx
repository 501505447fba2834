import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { HourClaim, HourEntry } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useDownload } from '../../components/use-paged';
import { ClaimFormModal } from './claim-form';
import { useHoursText } from './messages';
import { usePaged } from './use-page';

/** Asks for a reason, then runs the action; errors stay in the dialog. */
function useReasonPrompt() {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { modal, message } = App.useApp();
  return (title: string, run: (reason: string) => Promise<unknown>, required = true) => {
    let reason = '';
    modal.confirm({
      title,
      content: <Input.TextArea aria-label={tc('common.reason')} rows={3} onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        if (required && !reason.trim()) {
          void message.error(t('vh.reasonRequired'));
          throw new Error('reason');
        }
        try {
          await run(reason);
          void message.success(tc('common.done'));
        } catch (e) {
          void message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };
}

export function ClaimsTab() {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const can = useCan();
  const [status, setStatus] = useState<HourClaim['status']>('pending');
  const [open, setOpen] = useState(false);
  const q = usePaged('claims', '/api/v1/volunteer-hours/claims', { orgId, status }, orgId !== null);
  const prompt = useReasonPrompt();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['volunteer-hours'] });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={tc('common.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`vh.claim.${s}`) }))}
        />
        <Can permission="volunteer.write">
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('vh.newClaim')}
          </Button>
        </Can>
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
          { key: 'r', title: tc('common.reason'), dataIndex: 'reason' },
          { key: 's', title: tc('common.status'), render: (_, r) => <Tag>{r.statusLabel}</Tag> },
          {
            key: 'x',
            title: tc('common.actions'),
            render: (_, r) =>
              r.status === 'pending' &&
              can('volunteer.approve') && (
                <Space>
                  <Button
                    size="small"
                    onClick={() =>
                      prompt(
                        t('vh.approve'),
                        (c) =>
                          ok(client.POST('/api/v1/volunteer-hours/claims/{id}/approve', { params: { path: { id: r.id } }, body: { comment: c } })).then(
                            refresh,
                          ),
                        false,
                      )
                    }
                  >
                    {t('vh.approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      prompt(t('vh.reject'), (c) =>
                        ok(client.POST('/api/v1/volunteer-hours/claims/{id}/reject', { params: { path: { id: r.id } }, body: { comment: c } })).then(refresh),
                      )
                    }
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
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const can = useCan();
  const [source, setSource] = useState<HourEntry['source'] | undefined>(undefined);
  const q = usePaged('entries', '/api/v1/volunteer-hours/entries', { orgId, source }, orgId !== null);
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
          onClick={() => void download.run('/api/v1/volunteer-hours/entries/export', 'volunteer-hours.xlsx', { query: { orgId, source } })}
        >
          {tc('common.exportExcel')}
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
            title: tc('common.actions'),
            render: (_, r) =>
              !r.reversesId && r.minutes !== 0 && can('volunteer.approve') ? (
                <Button
                  size="small"
                  onClick={() =>
                    prompt(t('vh.reverse'), (reason) =>
                      ok(client.POST('/api/v1/volunteer-hours/entries/{id}/reverse', { params: { path: { id: r.id } }, body: { reason } })).then(() =>
                        qc.invalidateQueries({ queryKey: ['volunteer-hours'] }),
                      ),
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
