import { Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api } from '../../api/client';
import { applyFieldError, ErrorAlert } from '../../components/api-error';

/** A small create form: posts the values (after `toBody`) and reports back. */
export function CreateModal<V extends object>(props: {
  title: string;
  name: string;
  path: string;
  open: boolean;
  initialValues: Partial<V>;
  toBody: (v: V) => unknown;
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
      await api.post(props.path, props.toBody(v));
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
