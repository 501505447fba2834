import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Card, Typography, Upload } from 'antd';
import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { ImportRunStatus, useImportRun } from '../../components/import-run';
import { useDownload } from '../../components/use-paged';
import { useMl } from './ml-i18n';

/** Upload of the study platform's participation export for one issue into the chosen org (all rows or none). */
export function StudyImport({ orgId, orgName, episodeId, onImported }: { orgId: number; orgName: string; episodeId: string | null; onImported: () => void }) {
  const ml = useMl();
  const { t } = useI18n();
  const template = useDownload();
  const imp = useImportRun(onImported);

  const upload = (file: File) => {
    if (!episodeId) return;
    void imp.start((onProgress) => api.upload('/api/v1/study/import/{orgId}', file, { path: { orgId }, query: { episodeId }, onProgress }));
  };

  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('study.import')}</h2>}
      extra={
        <Button icon={<DownloadOutlined />} loading={template.busy} onClick={() => void template.run('/api/v1/study/import-template', 'study-template.xlsx')}>
          {t('excel.template')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{ml('study.importHint')}</Typography.Paragraph>
      <Typography.Paragraph>{ml('study.importTo', { org: orgName })}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        disabled={!episodeId || imp.busy}
        beforeUpload={(file) => {
          upload(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{ml('study.drop')}</p>
      </Upload.Dragger>
      <ImportRunStatus imp={imp} done={(r) => ml('study.imported', { n: r.created ?? 0, m: r.alreadyRecorded ?? 0 })} />
    </Card>
  );
}
