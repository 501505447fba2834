import { Form, Input, Select } from 'antd';
import { useI18n } from '../../app/i18n';
import { AGE_BANDS, useYvText } from './messages';

export type AgeBand = (typeof AGE_BANDS)[number]['value'];
export type WishForm = { wish: string; ageBand: AgeBand; area: string; child: { name: string; school: string; situation: string; guardianPhone: string } };

/** The body of a wish as the server takes it. */
export const wishBody = (v: WishForm) => ({ wish: v.wish, ageBand: v.ageBand, area: v.area, child: v.child });

/** What is wished (public once published) and the child's data (sealed). */
export function WishFields() {
  const t = useYvText();
  const { lang } = useI18n();
  return (
    <>
      <Form.Item label={t('w.wish')} name="wish" rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('w.ageBand')} name="ageBand" rules={[{ required: true }]}>
        <Select options={AGE_BANDS.map((b) => ({ value: b.value, label: lang === 'zh-CN' ? b.zh : b.en }))} />
      </Form.Item>
      <Form.Item label={t('w.area')} name="area" rules={[{ required: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <fieldset style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '8px 12px 0', marginBottom: 16 }}>
        <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>{t('w.child')}</legend>
        <Form.Item label={t('w.childName')} name={['child', 'name']} rules={[{ required: true }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label={t('w.school')} name={['child', 'school']} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('w.situation')} name={['child', 'situation']} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('w.guardianPhone')} name={['child', 'guardianPhone']} rules={[{ required: true }]}>
          <Input maxLength={20} />
        </Form.Item>
      </fieldset>
    </>
  );
}
