import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { client, ok } from '../../api/client';
import type { Body, Res } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useCadreMeta } from './cadre-form-modal';
import { useCd } from './cadre-i18n';
import { PersonSearchSelect } from './person-picker';

export type Recorded = Res<'/api/v1/elections', 'post'>;
type Row = Body<'/api/v1/elections', 'post'>['committee'][number];
type Values = { orgId: number; heldOn: Dayjs; termYears: number; note?: string; committee: Row[] };

/** Records a 换届: the org, the day, the term and the new committee (persons with posts). */
export function ElectionModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (recorded: Recorded) => void }) {
  const cd = useCd();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const meta = useCadreMeta();

  const submit = async (v: Values) => {
    const res = await ok(
      client.POST('/api/v1/elections', {
        body: {
          orgId: v.orgId,
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          termYears: v.termYears,
          note: v.note?.trim() || null,
          committee: v.committee.map((c) => ({ personId: c.personId, post: c.post, kind: c.kind, inVillageCommittee: !!c.inVillageCommittee })),
        },
      }),
    );
    message.success(cd('recorded', { date: res.termEndsOn }));
    onDone(res);
  };

  return (
    <FormModal<Values>
      open={open}
      title={cd('electionTitle')}
      form={form}
      name="election-form"
      onClose={onClose}
      onSubmit={submit}
      toast
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      width={820}
      initialValues={{ heldOn: dayjs(), termYears: 3, committee: [{ post: 'secretary', kind: 'part_time' }] }}
    >
      <Space wrap align="start" size="middle">
        <Form.Item label={cd('electionOrg')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect aria-label={cd('electionOrg')} style={{ width: 300 }} />
        </Form.Item>
        <Form.Item label={cd('heldOn')} name="heldOn" rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label={cd('termYears')} name="termYears" rules={[{ required: true }]} tooltip={cd('termYearsHint')}>
          <InputNumber min={1} max={10} />
        </Form.Item>
      </Space>
      <Form.Item label={cd('committee')} required extra={cd('committeeHint')} style={{ marginBottom: 8 }}>
        <Form.List name="committee">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[f.name, 'personId']} rules={[{ required: true, message: cd('person') }]} style={{ width: 260, marginBottom: 8 }}>
                    <PersonSearchSelect aria-label={`${cd('person')} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'post']} rules={[{ required: true, message: cd('post') }]} style={{ width: 130, marginBottom: 8 }}>
                    <Select aria-label={`${cd('post')} ${i + 1}`} options={meta.data?.posts ?? []} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: cd('kind') }]} style={{ width: 100, marginBottom: 8 }}>
                    <Select aria-label={`${cd('kind')} ${i + 1}`} options={meta.data?.kinds ?? []} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'inVillageCommittee']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox>{cd('inCommittee')}</Checkbox>
                  </Form.Item>
                  <Button type="link" danger disabled={fields.length <= 1} onClick={() => remove(f.name)}>
                    {cd('remove')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ post: 'member', kind: 'part_time' })} disabled={fields.length >= 30}>
                {cd('addMember')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item label={cd('note')} name="note">
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
