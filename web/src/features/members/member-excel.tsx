import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { FieldError } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { errorMessage } from '../../components/api-error';
import { useMem } from './member-i18n';

type Outcome = { ok: true; created: number; reused: number } | { ok: false; message: string; errors: FieldError[] };

/** Import from a branch's sheet into the selected org (all rows or none), with the row errors in a table. */
export function MemberExcel({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  const tm = useMem();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'template' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const template = async () => {
    setBusy('template');
    try {
      await api.download('/api/v1/members/import-template', 'members-template.xlsx');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    setBusy('import');
    setOutcome(null);
    try {
      const res = await api.upload('/api/v1/members/import/{orgId}', file, { path: { orgId } });
      setOutcome({ ok: true, created: res.created, reused: res.peopleReused });
      onImported();
    } catch (e) {
      setOutcome({ ok: false, message: errorMessage(e), errors: e instanceof ApiError ? (e.errors ?? []) : [] });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" style={{ marginTop: 16 }} title={<h2 style={{ fontSize: 15, margin: 0 }}>{tm('mem.import')}</h2>}>
      <Typography.Paragraph type="secondary">{tm('mem.importHint')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={template} loading={busy === 'template'}>
          {t('excel.template')}
        </Button>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} type="primary" loading={busy === 'import'}>
            {t('excel.import')}
          </Button>
        </Upload>
      </Space>
      {outcome?.ok && <Alert type="success" showIcon style={{ marginTop: 12 }} title={tm('mem.imported', { n: outcome.created, reused: outcome.reused })} />}
      {outcome && !outcome.ok && (
        <>
          <Alert type="error" showIcon style={{ marginTop: 12 }} title={outcome.message} />
          {outcome.errors.length > 0 && (
            <Table<FieldError & { key: number }>
              style={{ marginTop: 12 }}
              size="small"
              rowKey="key"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={outcome.errors.map((e, i) => ({ ...e, key: i }))}
              columns={[
                { key: 'row', title: t('excel.row'), dataIndex: 'row', width: 80 },
                { key: 'column', title: t('excel.column'), render: (_, r) => r.column ?? r.field ?? '', width: 160 },
                { key: 'message', title: t('excel.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
