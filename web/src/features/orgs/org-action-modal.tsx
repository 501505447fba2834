import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Org } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';

export type OrgAction = 'move' | 'merge' | 'close';

type Values = { parentId?: number; intoId?: number; reason?: string };
type Props = { org: Org; action: OrgAction | null; onClose: () => void; onDone: (org: Org) => void };

/** Move, merge and close: each states what will happen and asks for confirmation. */
export function OrgActionModal({ org, action, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!action) return;
    setError(null);
    form.resetFields();
  }, [action, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    setBusy(true);
    setError(null);
    try {
      const path = `/orgs/${org.id}/${action}`;
      const body = action === 'move' ? { parentId: v.parentId } : action === 'merge' ? { intoId: v.intoId, reason: v.reason } : { reason: v.reason };
      onDone(await api.post<Org>(path, body));
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setBusy(false);
    }
  };

  const titles = { move: t('org.move'), merge: t('org.merge'), close: t('org.close') };
  const confirmText = {
    move: t('org.moveConfirm', { name: org.name }),
    merge: t('org.mergeConfirm', { name: org.name }),
    close: t('org.closeConfirm', { name: org.name }),
  };
  const required = [{ required: true, message: t('login.required') }];

  return (
    <Modal
      open={action !== null}
      title={action ? `${titles[action]}：${org.name}` : ''}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.confirm')}
      okButtonProps={{ danger: action !== 'move' }}
      confirmLoading={busy}
      destroyOnHidden
      forceRender
    >
      {action && <Alert type="warning" showIcon title={confirmText[action]} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="org-action">
        {action === 'move' && (
          <Form.Item label={t('org.newParent')} name="parentId" rules={required}>
            <OrgTreeSelect disabledIds={[org.id]} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {action === 'merge' && (
          <Form.Item label={t('org.mergeTarget')} name="intoId" rules={required}>
            <OrgTreeSelect disabledIds={[org.id]} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {(action === 'merge' || action === 'close') && (
          <Form.Item label={t('common.reason')} name="reason">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
