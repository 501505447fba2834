import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { client, ok } from '../../api/client';
import type { Org, OrgCategory, OrgInput, OrgKind } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { FormModal } from '../../components/form-modal';
import { useOrgText } from './messages';
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

/** The values the form opens with: the org's own when editing, the parent's category for a new child. */
function initialValues(mode: OrgFormMode): Partial<Values> {
  if (mode?.kind === 'edit') {
    const o = mode.org;
    return {
      name: o.name,
      shortName: o.shortName ?? undefined,
      kind: o.kind,
      category: o.category ?? undefined,
      divisionCode: o.divisionCode ?? undefined,
      establishedOn: o.establishedOn ? dayjs(o.establishedOn) : null,
    };
  }
  return { kind: 'branch', category: mode.parent.category ?? undefined };
}

export function OrgFormModal({ mode, onClose, onDone }: Props) {
  const t = useOrgText();
  const { t: app } = useI18n();
  const meta = useOrgMeta().data;
  const [form] = Form.useForm<Values>();

  // Each opening starts from that record's values, not from what was typed last time.
  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    form.setFieldsValue(initialValues(mode));
  }, [mode, form]);

  const submit = async (v: Values) => {
    const body = {
      name: v.name,
      shortName: v.shortName || null,
      kind: v.kind,
      category: v.category ?? null,
      divisionCode: v.divisionCode || null,
      establishedOn: v.establishedOn ? v.establishedOn.format('YYYY-MM-DD') : null,
    } satisfies OrgInput;
    const org =
      mode?.kind === 'edit'
        ? await ok(client.PATCH('/api/v1/orgs/{id}', { params: { path: { id: String(mode.org.id) } }, body }))
        : await ok(client.POST('/api/v1/orgs', { body: { ...body, parentId: mode?.kind === 'create' ? mode.parent.id : 0 } }));
    onDone(org);
  };

  const title = mode?.kind === 'edit' ? `${t('edit')}：${mode.org.name}` : mode ? `${t('addChild')}：${mode.parent.name}` : '';
  const required = [{ required: true, message: app('login.required') }];

  return (
    <FormModal<Values> open={mode !== null} title={title} form={form} name="org-form" onClose={onClose} onSubmit={submit}>
      <Form.Item label={t('name')} name="name" rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('shortName')} name="shortName">
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item label={t('kind')} name="kind" rules={required}>
        <Select options={meta?.kinds ?? []} />
      </Form.Item>
      <Form.Item label={t('category')} name="category">
        <Select allowClear options={meta?.categories ?? []} />
      </Form.Item>
      <Form.Item label={t('divisionCode')} name="divisionCode">
        <Input maxLength={12} />
      </Form.Item>
      <Form.Item label={t('establishedOn')} name="establishedOn">
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
