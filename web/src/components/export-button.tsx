import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ParamsArg, PlainPath, QueryOf } from '../api/client';
import { useI18n } from '../app/i18n';
import { useDownload } from './use-paged';

/**
 * "Export Excel" beside a list: the list's own filters, sent to its `…/export` route.
 *   <ExportButton path="/api/v1/cadres/export" fileName="cadres.xlsx" query={query} />
 */
export function ExportButton<P extends PlainPath<'get'>>({ path, fileName, query }: { path: P; fileName: string; query?: QueryOf<P> }) {
  const { t } = useI18n();
  const download = useDownload();
  // A plain path has no path parameters, so `{ query }` is its whole params argument.
  const params = [{ query }] as unknown as ParamsArg<P, 'get'>;
  return (
    <Button icon={<DownloadOutlined />} loading={download.busy} onClick={() => download.run(path, fileName, ...params)}>
      {t('common.exportExcel')}
    </Button>
  );
}
