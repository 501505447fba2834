import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { FieldError, ImportResult, Org } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { errorMessage } from '../../components/api-error';

type Outcome = { ok: true; created: number } | { ok: false; message: string; errors: FieldError[] };

export function OrgExcel({ org, onImported }: { org: Org; onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'template' | 'export' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const download = async (kind: 'template' | 'export') => {
    setBusy(kind);
    try {
      if (kind === 'template') await api.download('/orgs/import-template', 'orgs-template.xlsx');
      else await api.download(`/orgs/${org.id}/export`, `${org.name}.xlsx`);
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
      const res = await api.upload<ImportResult>(`/orgs/${org.id}/import`, file);
      setOutcome({ ok: true, created: res.created });
      onImported();
    } catch (e) {
      setOutcome({ ok: false, message: errorMessage(e), errors: e instanceof ApiError ? (e.errors ?? []) : [] });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('excel.title')}</h2>}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={() => download('template')} loading={busy === 'template'}>
          {t('excel.template')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => download('export')} loading={busy === 'export'}>
          {t('excel.export')}
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
      {outcome?.ok && <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('excel.created', { n: outcome.created })} />}
      {outcome && !outcome.ok && (
        <>
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={outcome.errors.length ? t('excel.failed') : outcome.message}
            description={outcome.errors.length ? outcome.message : undefined}
          />
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
