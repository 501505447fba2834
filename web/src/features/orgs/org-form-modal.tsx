import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Org, OrgCategory, OrgInput, OrgKind } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { useOrgMeta } from './use-org-meta';

export type OrgFormMode = { kind: 'create'; parent: Org } | { kind: 'edit'; org: Org };

type Values = {
  name: string;
  shortName?: string;
  kind: OrgKind;
  category?: OrgCategory;
  divisionCode?: string;
  establishedOn?: Dayjs | null;
};

type Props = { mode: OrgFormMode | null; onClose: () => void; onDone: (org: Org) => void };

export function OrgFormModal({ mode, onClose, onDone }: Props) {
  const { t } = useI18n();
  const meta = useOrgMeta().data;
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setError(null);
    form.resetFields();
    if (mode?.kind === 'edit') {
      const o = mode.org;
      form.setFieldsValue({
        name: o.name,
        shortName: o.shortName ?? undefined,
        kind: o.kind,
        category: o.category ?? undefined,
        divisionCode: o.divisionCode ?? undefined,
        establishedOn: o.establishedOn ? dayjs(o.establishedOn) : null,
      });
    } else if (mode?.kind === 'create') {
      form.setFieldsValue({ kind: 'branch', category: mode.parent.category ?? undefined });
    }
  }, [mode, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    const body: OrgInput = {
      name: v.name,
      shortName: v.shortName || null,
      kind: v.kind,
      category: v.category ?? null,
      divisionCode: v.divisionCode || null,
      establishedOn: v.establishedOn ? v.establishedOn.format('YYYY-MM-DD') : null,
    };
    setBusy(true);
    setError(null);
    try {
      const org =
        mode?.kind === 'edit'
          ? await api.patch<Org>(`/orgs/${mode.org.id}`, body)
          : await api.post<Org>('/orgs', { ...body, parentId: mode?.kind === 'create' ? mode.parent.id : undefined });
      onDone(org);
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setBusy(false);
    }
  };

  const title = mode?.kind === 'edit' ? `${t('org.edit')}：${mode.org.name}` : mode ? `${t('org.addChild')}：${mode.parent.name}` : '';

  return (
    <Modal open={mode !== null} title={title} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden forceRender>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="org-form">
        <Form.Item label={t('org.name')} name="name" rules={[{ required: true, message: t('login.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('org.shortName')} name="shortName">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('org.kind')} name="kind" rules={[{ required: true, message: t('login.required') }]}>
          <Select options={meta?.kinds ?? []} />
        </Form.Item>
        <Form.Item label={t('org.category')} name="category">
          <Select allowClear options={meta?.categories ?? []} />
        </Form.Item>
        <Form.Item label={t('org.divisionCode')} name="divisionCode">
          <Input maxLength={12} />
        </Form.Item>
        <Form.Item label={t('org.establishedOn')} name="establishedOn">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
