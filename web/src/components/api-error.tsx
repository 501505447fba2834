import { Alert, type FormInstance } from 'antd';
import { ApiError } from '../api/client';

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Shows a server error; pass `form` to also mark the named field. */
export function applyFieldError(form: FormInstance, e: unknown): void {
  if (e instanceof ApiError && e.field) {
    form.setFields([{ name: e.field, errors: [e.message] }]);
  }
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />;
}
