import { App, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useMl } from './ml-i18n';

type Values = { ownerOrgId: number; number: string; title: string; startsOn: Dayjs; endsOn: Dayjs };

/** Publishes one 期 of 青年大学习 for an org's subtree; the server checks the number and the period. */
export function StudyPublishModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const ml = useMl();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const [form] = Form.useForm<Values>();

  // Issues run Monday to Sunday on the study platform: this week's, by default.
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const monday = dayjs().subtract((dayjs().day() + 6) % 7, 'day');
    form.setFieldsValue({ ownerOrgId: orgId ?? undefined, startsOn: monday, endsOn: monday.add(6, 'day') });
  }, [open, orgId, form]);

  const submit = async (v: Values) => {
    await ok(
      client.POST('/api/v1/study/episodes', {
        body: {
          ownerOrgId: v.ownerOrgId,
          number: v.number.trim(),
          title: v.title.trim(),
          startsOn: v.startsOn.format('YYYY-MM-DD'),
          endsOn: v.endsOn.format('YYYY-MM-DD'),
        },
      }),
    );
    message.success(t('common.done'));
    onDone();
  };

  return (
    <FormModal<Values>
      open={open}
      title={ml('study.publish')}
      form={form}
      name="study-publish"
      onClose={onClose}
      onSubmit={submit}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      <Form.Item label={ml('study.owner')} name="ownerOrgId" rules={[{ required: true }]}>
        <OrgTreeSelect aria-label={ml('study.owner')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={ml('study.number')} name="number" rules={[{ required: true, whitespace: true }]} extra={ml('study.numberHint')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={ml('study.title')} name="title" rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item label={ml('study.startsOn')} name="startsOn" rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={ml('study.endsOn')} name="endsOn" rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
