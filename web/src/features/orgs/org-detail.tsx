import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Descriptions, Space } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { client, ok } from '../../api/client';
import type { Org } from '../../api/types';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/api-error';
import { useOrgText } from './messages';
import { OrgActionModal, type OrgAction } from './org-action-modal';
import { OrgChildrenTable } from './org-children-table';
import { OrgExcel } from './org-excel';
import { OrgFormModal, type OrgFormMode } from './org-form-modal';
import { OrgStatusBadge } from './org-status';

type Props = { id: number; onOpen: (id: number) => void; onChanged: () => void };

export function OrgDetail({ id, onOpen, onChanged }: Props) {
  const t = useOrgText();
  const { t: app } = useI18n();
  const canWrite = useCan()('org.write');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const location = useLocation();
  const [form, setForm] = useState<OrgFormMode | null>(null);
  const [action, setAction] = useState<OrgAction | null>(null);

  const path = { id: String(id) };
  const org = useQuery({ queryKey: ['org', id], queryFn: () => ok(client.GET('/api/v1/orgs/{id}', { params: { path } })) });
  const ancestors = useQuery({
    queryKey: ['org', id, 'ancestors'],
    queryFn: () => ok(client.GET('/api/v1/orgs/{id}/ancestors', { params: { path } })),
  });

  if (org.error) return <ErrorAlert error={org.error} />;
  const o = org.data;

  const done = (changed: Org) => {
    setForm(null);
    setAction(null);
    message.success(app('common.done'));
    qc.invalidateQueries({ queryKey: ['org'] });
    qc.invalidateQueries({ queryKey: ['metric'] });
    onChanged();
    if (changed.id !== id) onOpen(changed.id);
  };

  const none = app('common.none');
  const active = o?.status === 'active';
  const crumbs = (ancestors.data?.items ?? []).filter((a) => a.id !== id);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" loading={org.isLoading}>
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            ...crumbs.map((a) => ({
              key: a.id,
              title: <Link to={{ pathname: `/orgs/${a.id}`, search: location.search }}>{a.name}</Link>,
            })),
            { key: id, title: o?.name },
          ]}
        />
        {o && (
          <>
            <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
              <h2 style={{ fontSize: 18, margin: 0 }}>{o.name}</h2>
              {/* Changing the tree needs `org.write`; readers see the record only. */}
              {canWrite && (
                <Space wrap>
                  <Button onClick={() => setForm({ kind: 'edit', org: o })} disabled={!active}>
                    {t('edit')}
                  </Button>
                  <Button type="primary" onClick={() => setForm({ kind: 'create', parent: o })} disabled={!active}>
                    {t('addChild')}
                  </Button>
                  <Button onClick={() => setAction('move')} disabled={!active || o.parentId === null}>
                    {t('move')}
                  </Button>
                  <Button danger onClick={() => setAction('merge')} disabled={!active || o.parentId === null}>
                    {t('merge')}
                  </Button>
                  <Button danger onClick={() => setAction('close')} disabled={!active || o.parentId === null}>
                    {t('close')}
                  </Button>
                </Space>
              )}
            </Space>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('name')}>{o.name}</Descriptions.Item>
              <Descriptions.Item label={t('shortName')}>{o.shortName ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('kind')}>{o.kindLabel}</Descriptions.Item>
              <Descriptions.Item label={t('category')}>{o.categoryLabel ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('divisionCode')}>{o.divisionCode ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('establishedOn')}>{o.establishedOn ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>
                <OrgStatusBadge status={o.status} />
                {o.mergedIntoId && (
                  <Link to={{ pathname: `/orgs/${o.mergedIntoId}`, search: location.search }} style={{ marginLeft: 8 }}>
                    → #{o.mergedIntoId}
                  </Link>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('depth')}>{o.depth}</Descriptions.Item>
              <Descriptions.Item label={t('childCount')}>{o.childCount}</Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
      {o && <OrgChildrenTable org={o} />}
      {o && <OrgExcel org={o} onImported={() => done(o)} />}
      <OrgFormModal mode={form} onClose={() => setForm(null)} onDone={done} />
      {o && <OrgActionModal org={o} action={action} onClose={() => setAction(null)} onDone={done} />}
    </Space>
  );
}
