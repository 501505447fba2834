import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { errorMessage } from '../../components/api-error';
import { ImportRunStatus, useImportRun } from '../../components/import-run';
import { useMem } from './member-i18n';

/** Import from a branch's sheet into the selected org (all rows or none), with the row errors in a table. */
export function MemberExcel({ orgId, onImported }: { orgId: number; onImported: () => void }) {
  const { t } = useI18n();
  const tm = useMem();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const imp = useImportRun(onImported);

  const template = async () => {
    setBusy(true);
    try {
      await api.download('/api/v1/members/import-template', 'members-template.xlsx');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File) => {
    void imp.start((onProgress) => api.upload('/api/v1/members/import/{orgId}', file, { path: { orgId }, onProgress }));
  };

  return (
    <Card size="small" style={{ marginTop: 16 }} title={<h2 style={{ fontSize: 15, margin: 0 }}>{tm('mem.import')}</h2>}>
      <Typography.Paragraph type="secondary">{tm('mem.importHint')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={template} loading={busy}>
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
          <Button icon={<UploadOutlined />} type="primary" loading={imp.busy}>
            {t('excel.import')}
          </Button>
        </Upload>
      </Space>
      <ImportRunStatus imp={imp} done={(r) => tm('mem.imported', { n: r.created ?? 0, reused: r.peopleReused ?? 0 })} />
    </Card>
  );
}
