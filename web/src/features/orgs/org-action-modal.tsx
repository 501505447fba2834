import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { client, ok } from '../../api/client';
import type { Org } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useOrgText } from './messages';

export type OrgAction = 'move' | 'merge' | 'close';

type Values = { parentId?: number; intoId?: number; reason?: string };
type Props = { org: Org; action: OrgAction | null; onClose: () => void; onDone: (org: Org) => void };

/** Move, merge and close: each states what will happen and asks for confirmation. */
export function OrgActionModal({ org, action, onClose, onDone }: Props) {
  const t = useOrgText();
  const { t: app } = useI18n();
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
      const params = { path: { id: String(org.id) } };
      // The form's rules make parentId / intoId present for the action that asks for them.
      const done =
        action === 'move'
          ? client.POST('/api/v1/orgs/{id}/move', { params, body: { parentId: Number(v.parentId) } })
          : action === 'merge'
            ? client.POST('/api/v1/orgs/{id}/merge', { params, body: { intoId: Number(v.intoId), reason: v.reason } })
            : client.POST('/api/v1/orgs/{id}/close', { params, body: { reason: v.reason } });
      onDone(await ok(done));
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setBusy(false);
    }
  };

  const titles = { move: t('move'), merge: t('merge'), close: t('close') };
  const confirmText = {
    move: t('moveConfirm', { name: org.name }),
    merge: t('mergeConfirm', { name: org.name }),
    close: t('closeConfirm', { name: org.name }),
  };
  const required = [{ required: true, message: app('login.required') }];

  return (
    <Modal
      open={action !== null}
      title={action ? `${titles[action]}：${org.name}` : ''}
      onCancel={onClose}
      onOk={submit}
      okText={app('common.confirm')}
      okButtonProps={{ danger: action !== 'move' }}
      confirmLoading={busy}
      destroyOnHidden
      forceRender
    >
      {action && <Alert type="warning" showIcon title={confirmText[action]} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="org-action">
        {action === 'move' && (
          <Form.Item label={t('newParent')} name="parentId" rules={required}>
            <OrgTreeSelect disabledIds={[org.id]} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {action === 'merge' && (
          <Form.Item label={t('mergeTarget')} name="intoId" rules={required}>
            <OrgTreeSelect disabledIds={[org.id]} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {(action === 'merge' || action === 'close') && (
          <Form.Item label={app('common.reason')} name="reason">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
