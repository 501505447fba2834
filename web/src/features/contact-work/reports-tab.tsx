import { App, Button, DatePicker, Form, Input, Space, Table, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, client, type ListItem, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { FormModal } from '../../components/form-modal';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { usePaged } from '../../components/use-paged';
import { useRefresh } from './forms';
import { useCw } from './messages';

type Report = ListItem<'/api/v1/contact-work/reports'>;
type Values = { orgId: number; title: string; authors: string; writtenOn: Dayjs; summary?: string };

/** 调研报告: research reports with their attachments. */
export function ReportsTab() {
  const cw = useCw();
  const { message } = App.useApp();
  const { orgId, period } = useScope();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const refresh = useRefresh();
  const query = { orgId: orgId ?? undefined, from: period.from, to: period.to };
  const q = usePaged('/api/v1/contact-work/reports', query, { enabled: orgId !== null });
  const upload = async (id: string, file: File) => {
    try {
      await api.upload('/api/v1/contact-work/reports/{id}/files', file, { path: { id } });
      message.success(cw('saved'));
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <ExportButton path="/api/v1/contact-work/reports/export" fileName={`${cw('tab.reports')}-${period.from}-${period.to}.xlsx`} query={query} />
        <Can permission="service.write">
          <Button type="primary" onClick={() => setOpen(true)}>
            {cw('recordReport')}
          </Button>
        </Can>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Report>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { key: 'date', title: cw('writtenOn'), dataIndex: 'writtenOn', width: 110 },
          { key: 'org', title: cw('org'), dataIndex: 'orgName' },
          { key: 'title', title: cw('reportTitle'), dataIndex: 'title' },
          { key: 'authors', title: cw('authors'), dataIndex: 'authors', width: 140 },
          {
            key: 'files',
            title: cw('files'),
            width: 150,
            render: (_, r) => (
              <Space>
                <span>{r.fileCount ?? 0}</span>
                <Can permission="service.write">
                  <Upload
                    showUploadList={false}
                    accept=".pdf,.png,.jpg,.jpeg,.docx"
                    beforeUpload={(f) => {
                      void upload(r.id, f);
                      return false;
                    }}
                  >
                    <Button size="small">{cw('upload')}</Button>
                  </Upload>
                </Can>
              </Space>
            ),
          },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <FormModal<Values>
        open={open}
        title={cw('recordReport')}
        form={form}
        name="cw-report"
        onClose={() => setOpen(false)}
        initialValues={{ orgId: orgId ?? undefined, writtenOn: dayjs() }}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/contact-work/reports', {
              body: { orgId: v.orgId, title: v.title, authors: v.authors, writtenOn: v.writtenOn.format('YYYY-MM-DD'), summary: v.summary || null },
            }),
          );
          message.success(cw('saved'));
          form.resetFields();
          setOpen(false);
          void refresh();
        }}
      >
        <Form.Item name="orgId" label={cw('org')} htmlFor="cw-report-org" rules={[{ required: true }]}>
          <OrgTreeSelect id="cw-report-org" aria-label={cw('org')} />
        </Form.Item>
        <Form.Item name="title" label={cw('reportTitle')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="authors" label={cw('authors')} rules={[{ required: true, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="writtenOn" label={cw('writtenOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="summary" label={cw('summary')}>
          <Input.TextArea maxLength={5000} rows={4} />
        </Form.Item>
      </FormModal>
    </>
  );
}
