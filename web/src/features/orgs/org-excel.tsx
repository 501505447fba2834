import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Upload } from 'antd';
import { api } from '../../api/client';
import type { Org } from '../../api/types';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ImportRunStatus, useImportRun } from '../../components/import-run';
import { useDownload } from '../../components/use-paged';
import { useOrgText } from './messages';

/** Export for every reader; the template and the all-or-nothing import for those who may change the tree. */
export function OrgExcel({ org, onImported }: { org: Org; onImported: () => void }) {
  const t = useOrgText();
  const { t: app } = useI18n();
  const template = useDownload();
  const exported = useDownload();
  const imp = useImportRun(onImported);

  const upload = (file: File) => {
    void imp.start((onProgress) => api.upload('/api/v1/orgs/{id}/import', file, { path: { id: org.id }, onProgress }));
  };

  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('excel.title')}</h2>}>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => exported.run('/api/v1/orgs/{id}/export', `${org.name}.xlsx`, { path: { id: org.id } })}
          loading={exported.busy}
        >
          {t('excel.export')}
        </Button>
        <Can permission="org.write">
          <Button icon={<DownloadOutlined />} onClick={() => template.run('/api/v1/orgs/import-template', 'orgs-template.xlsx')} loading={template.busy}>
            {app('excel.template')}
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
              {app('excel.import')}
            </Button>
          </Upload>
        </Can>
      </Space>
      <ImportRunStatus imp={imp} done={(r) => t('excel.created', { n: r.created ?? 0 })} />
    </Card>
  );
}
