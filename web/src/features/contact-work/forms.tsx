import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { client, ok } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useCw } from './messages';

export function useContactMeta() {
  return useQuery({ queryKey: ['contact-work-meta'], queryFn: () => ok(client.GET('/api/v1/contact-work/meta')) });
}

/** Every query of the module's lists and figures starts with one of these: refresh them together after a write. */
export function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/v1/contact-work') || String(q.queryKey[0]).startsWith('cw-') });
}

type ContactValues = { name: string; phone?: string; kind: string; occupation?: string; orgId?: number; note?: string };

/** Adds a youth to the caller's own book (or a named cadre's). */
export function ContactModal({ open, cadreId, onClose }: { open: boolean; cadreId?: string; onClose: () => void }) {
  const cw = useCw();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactValues>();
  const kinds = useContactMeta().data?.kinds ?? [];
  const refresh = useRefresh();
  return (
    <FormModal<ContactValues>
      open={open}
      title={cw('addContact')}
      form={form}
      name="cw-contact"
      onClose={onClose}
      initialValues={{ kind: 'worker' }}
      onSubmit={async (v) => {
        await ok(
          client.POST('/api/v1/contact-work/contacts', {
            body: {
              cadreId: cadreId ?? null,
              orgId: v.orgId ?? null,
              name: v.name,
              phone: v.phone || null,
              kind: v.kind as 'worker',
              occupation: v.occupation || null,
              note: v.note || null,
            },
          }),
        );
        message.success(cw('saved'));
        form.resetFields();
        onClose();
        void refresh();
      }}
    >
      <Form.Item name="name" label={cw('name')} rules={[{ required: true, max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={cw('phone')}>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
      <Form.Item name="kind" label={cw('kind')} rules={[{ required: true }]}>
        <Select options={kinds} aria-label={cw('kind')} />
      </Form.Item>
      <Form.Item name="occupation" label={cw('occupation')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="orgId" label={cw('org')} htmlFor="cw-contact-org">
        <OrgTreeSelect id="cw-contact-org" aria-label={cw('org')} />
      </Form.Item>
      <Form.Item name="note" label={cw('note')}>
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
    </FormModal>
  );
}

type LogValues = { contactedOn: Dayjs; way: string; topic: string; note?: string };

/** Logs one contact with a youth; the request id is made once per opening, so a double click writes once. */
export function LogModal({ contact, onClose }: { contact: { id: string; name: string } | null; onClose: () => void }) {
  const cw = useCw();
  const { message } = App.useApp();
  const [form] = Form.useForm<LogValues>();
  const ways = useContactMeta().data?.ways ?? [];
  const refresh = useRefresh();
  const requestId = contact ? `log:${contact.id}` : '';
  return (
    <FormModal<LogValues>
      open={contact !== null}
      title={`${cw('logContact')}：${contact?.name ?? ''}`}
      form={form}
      name="cw-log"
      onClose={onClose}
      initialValues={{ contactedOn: dayjs(), way: 'phone' }}
      onSubmit={async (v) => {
        if (!contact) return;
        await ok(
          client.POST('/api/v1/contact-work/logs', {
            body: {
              requestId: requestIdFor(requestId),
              contactId: contact.id,
              contactedOn: v.contactedOn.format('YYYY-MM-DD'),
              way: v.way as 'phone',
              topic: v.topic,
              note: v.note || null,
            },
          }),
        );
        doneWith(requestId);
        message.success(cw('saved'));
        form.resetFields();
        onClose();
        void refresh();
      }}
    >
      <Form.Item name="contactedOn" label={cw('date')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="way" label={cw('way')} rules={[{ required: true }]}>
        <Select options={ways} aria-label={cw('way')} />
      </Form.Item>
      <Form.Item name="topic" label={cw('topic')} rules={[{ required: true, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="note" label={cw('note')}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
    </FormModal>
  );
}

// One request id per form opening (keyed by what the form is for), so a resubmit after a lost answer is a replay.
const ids = new Map<string, string>();
export function requestIdFor(key: string): string {
  let id = ids.get(key);
  if (!id) {
    id = crypto.randomUUID();
    ids.set(key, id);
  }
  return id;
}
export function doneWith(key: string): void {
  ids.delete(key);
}
