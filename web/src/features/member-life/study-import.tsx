import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, apiUrl } from '../../api/client';
import type { Problem } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ImportErrors } from '../../components/import-errors';
import { useDownload } from '../../components/use-paged';
import { useMl } from './ml-i18n';

type Imported = { created: number; alreadyRecorded: number };
type Outcome = { ok: true; res: Imported } | { ok: false; error: unknown };

/**
 * A multipart POST that reports how much of the file has gone up: fetch cannot, and the
 * platform's exports run to several megabytes for a county.
 */
function uploadWithProgress<T>(url: string, file: File, headers: Record<string, string>, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const p = (body ?? {}) as Partial<Problem>;
      reject(new ApiError({ ...p, status: xhr.status, code: p.code ?? 'http_error', message: p.message || `HTTP ${xhr.status}` }));
    };
    xhr.onerror = () => reject(new Error(`HTTP ${xhr.status || 'network error'}`));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Upload of the study platform's participation export for one issue into the chosen org (all rows or none). */
export function StudyImport({ orgId, orgName, episodeId, onImported }: { orgId: number; orgName: string; episodeId: string | null; onImported: () => void }) {
  const ml = useMl();
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const template = useDownload();
  const [percent, setPercent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    if (!episodeId) return;
    setPercent(0);
    setOutcome(null);
    try {
      const res = await uploadWithProgress<Imported>(
        apiUrl(`/study/import/${orgId}`, { episodeId }),
        file,
        { 'Accept-Language': lang, ...(me?.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) },
        setPercent,
      );
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
        <Button icon={<DownloadOutlined />} loading={template.busy} onClick={() => void template.run('/study/import-template', 'study-template.xlsx')}>
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
