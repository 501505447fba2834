import { Alert, App, Form, type FormInstance, type FormProps, Modal } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { errorMessage } from './api-error';

export type FormModalProps<V> = {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  /** The form's name: antd prefixes the fields' ids with it. */
  name: string;
  onClose: () => void;
  /** Sends the values; what it throws is shown above the form and on the fields the server names. */
  onSubmit: (values: V) => Promise<unknown>;
  /** Also pop the error as a message: for long modals whose alert may sit out of sight. */
  toast?: boolean;
  okText?: ReactNode;
  cancelText?: ReactNode;
  okDisabled?: boolean;
  width?: number;
  initialValues?: FormProps<V>['initialValues'];
  onValuesChange?: FormProps<V>['onValuesChange'];
  /** Shown between the error and the form (a hint, the record being edited) … */
  intro?: ReactNode;
  /** … and below the form (e.g. a table the form's values apply to). */
  below?: ReactNode;
  children: ReactNode;
};

/** The server's field errors as antd form fields: the problem's own field and each field-level entry. */
export function serverFieldErrors(e: unknown): { name: string; errors: string[] }[] {
  if (!(e instanceof ApiError)) return [];
  const out = new Map<string, string[]>();
  if (e.field) out.set(e.field, [e.message]);
  for (const f of e.errors ?? []) {
    // Row errors belong to an uploaded sheet, not to this form.
    if (!f.field || typeof f.row === 'number') continue;
    out.set(f.field, [...(out.get(f.field) ?? []).filter((m) => m !== f.message), f.message]);
  }
  return [...out].map(([name, errors]) => ({ name, errors }));
}

/**
 * A modal holding one form: OK submits it, the call runs with a busy button, and a refusal is
 * shown as an alert above the form with the named fields marked. The caller's `onSubmit` does
 * the success part (message, close, refresh).
 */
export function FormModal<V>(props: FormModalProps<V>) {
  const { open, title, form, name, onClose, onSubmit, toast, okText, cancelText, okDisabled, width, initialValues, onValuesChange, intro, below, children } =
    props;
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Each opening starts clean: last time's refusal no longer applies.
  useEffect(() => {
    if (open) setError(null);
  }, [open]);

  const submit = async (values: V) => {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      form.setFields(serverFieldErrors(e) as Parameters<typeof form.setFields>[0]);
      setError(errorMessage(e));
      if (toast) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      cancelText={cancelText}
      okButtonProps={okDisabled ? { disabled: true } : undefined}
      confirmLoading={saving}
      width={width}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {intro}
      <Form<V> form={form} layout="vertical" name={name} onFinish={submit} initialValues={initialValues} onValuesChange={onValuesChange}>
        {children}
      </Form>
      {below}
    </Modal>
  );
}
