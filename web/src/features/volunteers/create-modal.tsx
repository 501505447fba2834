import { Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { applyFieldError, ErrorAlert } from '../../components/api-error';

/** A small create form: sends the values with `submit` and reports back. */
export function CreateModal<V extends object>(props: {
  title: string;
  name: string;
  open: boolean;
  initialValues: Partial<V>;
  submit: (v: V) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (v: V) => {
    setSaving(true);
    setError(null);
    try {
      await props.submit(v);
      form.resetFields();
      props.onDone();
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title={props.title} open={props.open} onCancel={props.onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden>
      <ErrorAlert error={error} />
      <Form<V> form={form} layout="vertical" name={props.name} initialValues={props.initialValues} onFinish={submit}>
        {props.children}
      </Form>
    </Modal>
  );
}
