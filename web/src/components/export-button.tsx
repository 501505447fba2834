import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { Query } from '../api/client';
import { useI18n } from '../app/i18n';
import { useDownload } from './use-paged';

/** "Export Excel" beside a list: the list's own filters, sent to its `…/export` route. */
export function ExportButton({ path, fileName, query }: { path: string; fileName: string; query?: Query }) {
  const { t } = useI18n();
  const download = useDownload();
  return (
    <Button icon={<DownloadOutlined />} loading={download.busy} onClick={() => download.run(path, fileName, query)}>
      {t('common.exportExcel')}
    </Button>
  );
}
