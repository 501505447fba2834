import { useQuery } from '@tanstack/react-query';
import { Alert, Progress } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, client, ok } from '../api/client';
import type { ImportRun, Problem } from '../api/types';
import { defineMessages } from '../app/i18n';
import { ImportErrors } from './import-errors';

const useText = defineMessages(
  {
    uploading: '正在上传文件',
    queued: '排队等待导入',
    reading: '正在读取文件',
    checking: '正在逐行校验',
    writing: '正在写入',
    finished: '已完成',
    rows: '{done} 行',
    rowsOf: '{done} / {total} 行',
  },
  {
    uploading: 'Uploading the file',
    queued: 'Waiting to import',
    reading: 'Reading the file',
    checking: 'Checking every row',
    writing: 'Writing',
    finished: 'Finished',
    rows: '{done} rows',
    rowsOf: '{done} / {total} rows',
  },
);

const live = (run: ImportRun | undefined) => run?.status === 'queued' || run?.status === 'running';

/**
 * An Excel import as the server runs it: the upload answers at once with a run, then the run is
 * followed (GET /imports/{id}) until it is done or failed.
 *   const imp = useImportRun(onImported);
 *   imp.start((onProgress) => api.upload('/api/v1/orgs/{id}/import', file, { path: { id }, onProgress }))
 *   <ImportRunStatus imp={imp} done={(r) => `…${r.created}…`} />
 */
export function useImportRun(onDone?: (run: ImportRun) => void) {
  const [percent, setPercent] = useState<number | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const query = useQuery({
    queryKey: ['import-run', runId],
    enabled: runId !== null,
    queryFn: () => ok(client.GET('/api/v1/imports/{id}', { params: { path: { id: runId ?? '' } } })),
    refetchInterval: (q) => (live(q.state.data) || !q.state.data ? 1000 : false),
  });
  const run = runId ? query.data : undefined;
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (run?.status === 'done' && reported.current !== run.id) {
      reported.current = run.id;
      onDone?.(run);
    }
  }, [run, onDone]);

  const start = async (upload: (onProgress: (percent: number) => void) => Promise<ImportRun>) => {
    setRunId(null);
    setError(null);
    setPercent(0);
    try {
      const started = await upload(setPercent);
      setRunId(started.id);
    } catch (e) {
      setError(e);
    } finally {
      setPercent(null);
    }
  };
  const busy = percent !== null || live(run) || (runId !== null && !run);
  return { start, percent, run, error: error ?? query.error, busy };
}

export type ImportRunState = ReturnType<typeof useImportRun>;

/** Upload, then the run's phase and progress, then its result (`done`) or the row-by-row errors. */
export function ImportRunStatus({ imp, done }: { imp: ImportRunState; done: (result: Record<string, number>) => ReactNode }) {
  const t = useText();
  const { run, percent, error } = imp;
  if (percent !== null) {
    return (
      <div role="status" style={{ marginTop: 12 }}>
        {t('uploading')}
        <Progress percent={percent} status="active" aria-label={t('uploading')} />
      </div>
    );
  }
  if (error) return <ImportErrors error={error} />;
  if (!run) return null;
  if (run.status === 'done') return <Alert type="success" showIcon style={{ marginTop: 12 }} title={done(run.result ?? {})} />;
  if (run.status === 'failed' && run.error) return <ImportErrors error={new ApiError(run.error as Problem)} />;
  const { phase, done: n, total } = run.progress;
  const label = `${t(phase)}${phase === 'queued' ? '' : ` · ${total ? t('rowsOf', { done: n, total }) : t('rows', { done: n })}`}`;
  const steps = { queued: 0, reading: 10, checking: 40, writing: 70, finished: 100 } as const;
  const share = total ? n / total : 0;
  const next = phase === 'reading' ? 40 : phase === 'checking' ? 70 : phase === 'writing' ? 99 : 100;
  const pct = Math.round(steps[phase] + (next - steps[phase]) * share);
  return (
    <div role="status" style={{ marginTop: 12 }}>
      {label}
      <Progress percent={pct} status="active" aria-label={t(phase)} />
    </div>
  );
}
