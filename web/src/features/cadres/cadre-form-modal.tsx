import { skipToken, useQuery } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Radio, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { client, ok } from '../../api/client';
import type { Cadre } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useCd } from './cadre-i18n';
import { PersonSearchSelect } from './person-picker';

const ISO = 'YYYY-MM-DD';

export function useCadreMeta() {
  const { lang } = useI18n();
  return useQuery({ queryKey: ['cadre-meta', lang], queryFn: () => ok(client.GET('/api/v1/cadres/meta')), staleTime: 3_600_000 });
}

/** The term and size warnings the server reports for one org (not its subtree), as sentences. */
function useOrgWarnings(orgId: number | null) {
  const cd = useCd();
  return useQuery({
    queryKey: ['cadre-warnings-org', orgId],
    queryFn:
      orgId === null
        ? skipToken
        : async () => {
            const w = await ok(client.GET('/api/v1/cadres/warnings', { params: { query: { orgId } } }));
            const out: string[] = [];
            for (const t of w.terms.filter((x) => x.orgId === orgId))
              out.push(cd(t.expired ? 'termExpired' : 'termSoon', { org: t.orgName, date: t.termEndsOn, n: t.daysLeft }));
            for (const s of w.sizes.filter((x) => x.orgId === orgId)) out.push(...s.warnings.map((x) => `${s.orgName}：${x.message}`));
            return out;
          },
  });
}

/** Server warnings as a closable notice: after a post is added or changed, or an election recorded. */
export function WarningsAlert({ messages, onClose }: { messages: string[]; onClose: () => void }) {
  const cd = useCd();
  if (!messages.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable={{ onClose, 'aria-label': cd('close') }}
      style={{ marginBottom: 12 }}
      title={cd('warningsTitle')}
      description={
        <ul style={{ paddingInlineStart: 18, margin: 0 }}>
          {messages.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      }
    />
  );
}

/** The warnings the server now reports for an org whose posts were just changed. */
export function OrgWarnings({ orgId, onClose }: { orgId: number | null; onClose: () => void }) {
  const w = useOrgWarnings(orgId);
  return <WarningsAlert messages={orgId === null ? [] : (w.data ?? [])} onClose={onClose} />;
}

type Values = {
  personId: string;
  orgId: number;
  post: Cadre['post'];
  kind: Cadre['kind'];
  termStart: Dayjs;
  termEnd?: Dayjs | null;
  inVillageCommittee?: boolean;
};

/** Creates a cadre record, or edits one (`cadre` given): person and org are fixed once recorded. */
export function CadreFormModal({ open, cadre, onClose, onDone }: { open: boolean; cadre?: Cadre | null; onClose: () => void; onDone: (saved: Cadre) => void }) {
  const cd = useCd();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const meta = useCadreMeta();
  const editing = !!cadre;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (cadre) {
      form.setFieldsValue({
        post: cadre.post,
        kind: cadre.kind,
        termStart: dayjs(cadre.termStart),
        termEnd: cadre.termEnd ? dayjs(cadre.termEnd) : null,
        inVillageCommittee: cadre.inVillageCommittee,
      });
    }
  }, [open, cadre, form]);

  const submit = async (v: Values) => {
    const common = {
      post: v.post,
      kind: v.kind,
      termStart: v.termStart.format(ISO),
      termEnd: v.termEnd ? v.termEnd.format(ISO) : null,
      inVillageCommittee: !!v.inVillageCommittee,
    };
    const saved = cadre
      ? await ok(client.PATCH('/api/v1/cadres/{id}', { params: { path: { id: cadre.id } }, body: common }))
      : await ok(client.POST('/api/v1/cadres', { body: { ...common, personId: v.personId, orgId: v.orgId } }));
    message.success(cd('saved'));
    onDone(saved);
  };

  return (
    <FormModal<Values>
      open={open}
      title={editing ? cd('edit') : cd('create')}
      form={form}
      name="cadre-form"
      onClose={onClose}
      onSubmit={submit}
      toast
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      initialValues={{ kind: 'part_time', inVillageCommittee: false }}
      intro={
        editing && (
          <p>
            {cadre?.name}（{cadre?.orgName}）
          </p>
        )
      }
    >
      {!editing && (
        <>
          <Form.Item label={cd('person')} name="personId" rules={[{ required: true }]}>
            <PersonSearchSelect aria-label={cd('person')} />
          </Form.Item>
          <Form.Item label={cd('org')} name="orgId" rules={[{ required: true }]}>
            <OrgTreeSelect aria-label={cd('org')} style={{ width: '100%' }} />
          </Form.Item>
        </>
      )}
      <Form.Item label={cd('post')} name="post" rules={[{ required: true }]}>
        <Select aria-label={cd('post')} options={meta.data?.posts ?? []} loading={meta.isLoading} />
      </Form.Item>
      <Form.Item label={cd('kind')} name="kind" rules={[{ required: true }]}>
        <Radio.Group aria-label={cd('kind')} optionType="button" options={meta.data?.kinds ?? []} />
      </Form.Item>
      <Form.Item label={cd('termStart')} name="termStart" rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item label={cd('termEnd')} name="termEnd" extra={cd('termEndHint')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={cd('inCommittee')} name="inVillageCommittee" valuePropName="checked">
        <Switch aria-label={cd('inCommittee')} checkedChildren={cd('yes')} unCheckedChildren={cd('no')} />
      </Form.Item>
    </FormModal>
  );
}

type EndValues = { endedOn: Dayjs; reason?: string; detail?: string };

/** Ends a cadre's post on a day, with a reason. */
export function EndCadreModal({ cadre, onClose, onDone }: { cadre: Cadre | null; onClose: () => void; onDone: () => void }) {
  const cd = useCd();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EndValues>();
  const reasons = (['transfer', 'resign', 'dismissed', 'overage', 'other'] as const).map((k) => cd(`reason.${k}`));

  const submit = async (v: EndValues) => {
    if (!cadre) return;
    const reason = [v.reason, v.detail?.trim()].filter(Boolean).join('：') || null;
    await ok(client.POST('/api/v1/cadres/{id}/end', { params: { path: { id: cadre.id } }, body: { endedOn: v.endedOn.format(ISO), reason } }));
    message.success(cd('saved'));
    onDone();
  };

  return (
    <FormModal<EndValues>
      open={cadre !== null}
      title={cd('endTitle')}
      form={form}
      name="cadre-end"
      onClose={onClose}
      onSubmit={submit}
      toast
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      initialValues={{ endedOn: dayjs() }}
      intro={
        <p>
          {cadre?.name}（{cadre?.orgName}，{cadre?.postLabel}）
        </p>
      }
    >
      <Form.Item label={cd('endedOn')} name="endedOn" rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item label={cd('endReason')} name="reason" rules={[{ required: true }]}>
        <Select aria-label={cd('endReason')} options={reasons.map((r) => ({ value: r, label: r }))} />
      </Form.Item>
      <Form.Item label={cd('note')} name="detail">
        <Input maxLength={150} />
      </Form.Item>
    </FormModal>
  );
}
