import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Res } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { ImportErrors } from '../../components/import-errors';
import { useDownload } from '../../components/use-paged';
import { useMl } from './ml-i18n';

type Imported = Res<'/api/v1/study/import/{orgId}', 'post'>;
type Outcome = { ok: true; res: Imported } | { ok: false; error: unknown };

/** Upload of the study platform's participation export for one issue into the chosen org (all rows or none). */
export function StudyImport({ orgId, orgName, episodeId, onImported }: { orgId: number; orgName: string; episodeId: string | null; onImported: () => void }) {
  const ml = useMl();
  const { t } = useI18n();
  const template = useDownload();
  const [percent, setPercent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    if (!episodeId) return;
    setPercent(0);
    setOutcome(null);
    try {
      const res = await api.upload('/api/v1/study/import/{orgId}', file, { path: { orgId }, query: { episodeId }, onProgress: setPercent });
      setOutcome({ ok: true, res });
      onImported();
    } catch (e) {
      setOutcome({ ok: false, error: e });
    } finally {
      setPercent(null);
    }
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
        disabled={!episodeId || percent !== null}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{ml('study.drop')}</p>
      </Upload.Dragger>
      {percent !== null && (
        <div role="status" style={{ marginTop: 12 }}>
          {ml('study.uploading')}
          <Progress percent={percent} status="active" aria-label={ml('study.uploading')} />
        </div>
      )}
      {outcome?.ok && (
        <Alert type="success" showIcon style={{ marginTop: 12 }} title={ml('study.imported', { n: outcome.res.created, m: outcome.res.alreadyRecorded })} />
      )}
      {outcome && !outcome.ok && <ImportErrors error={outcome.error} />}
    </Card>
  );
}
