import { Alert, Table } from 'antd';
import { ApiError } from '../api/client';
import type { FieldError } from '../api/types';
import { useI18n } from '../app/i18n';
import { errorMessage } from './api-error';

/** A refused all-or-nothing import: the server's message, then each row's problem (row, column, message). */
export function ImportErrors({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const errors: FieldError[] = error instanceof ApiError ? (error.errors ?? []) : [];
  return (
    <>
      {/* With rows to fix, say so first; the server's own message follows. */}
      <Alert
        type="error"
        showIcon
        style={{ marginTop: 12 }}
        title={errors.length ? t('excel.failed') : errorMessage(error)}
        description={errors.length ? errorMessage(error) : undefined}
      />
      {errors.length > 0 && (
        <Table<FieldError & { key: number }>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="key"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={errors.map((e, i) => ({ ...e, key: i }))}
          columns={[
            { key: 'row', title: t('excel.row'), dataIndex: 'row', width: 80 },
            { key: 'column', title: t('excel.column'), render: (_, r) => r.column ?? r.field ?? '', width: 160 },
            { key: 'message', title: t('excel.message'), dataIndex: 'message' },
          ]}
        />
      )}
    </>
  );
}
