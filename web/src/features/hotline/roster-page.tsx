import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, type ListItem, ok } from '../../api/client';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { FormModal } from '../../components/form-modal';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { useCategories } from './cases-page';
import { useHotlineText } from './messages';

type Counsellor = ListItem<'/api/v1/hotline/counsellors'>;
type NewCounsellor = { orgId: number; name: string; kind: 'counsellor' | 'expert'; accountId?: string; qualifications?: string[]; categories?: string[] };

/** The counsellor roster: staff counsellors and volunteer experts with their qualifications, per org. */
export function RosterPage() {
  const t = useHotlineText();
  const { t: tc, lang } = useI18n();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const can = useCan();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewCounsellor>();
  const cats = useCategories(orgId);
  const q = usePaged('/api/v1/hotline/counsellors', { orgId: orgId ?? undefined }, { key: ['hotline-counsellors'], enabled: orgId !== null });
  const refresh = () => qc.invalidateQueries({ queryKey: ['hotline-counsellors'] });
  return (
    <>
      <PageTitle
        extra={
          <Can permission="service.write">
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('r.add')}
            </Button>
          </Can>
        }
      >
        {t('r.title')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      <Table<Counsellor>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        columns={[
          { key: 'name', title: t('r.name'), dataIndex: 'name' },
          { key: 'kind', title: t('r.kind'), render: (_, r) => t(`r.kind.${r.kind}`) },
          { key: 'org', title: t('c.org'), dataIndex: 'orgName' },
          { key: 'qualifications', title: t('r.qualifications'), render: (_, r) => r.qualifications.map((x) => <Tag key={x}>{x}</Tag>) },
          { key: 'categories', title: t('r.categories'), render: (_, r) => r.categories.join('、') },
          { key: 'status', title: tc('common.status'), render: (_, r) => <Tag color={r.status === 'active' ? '#237804' : 'default'}>{r.status}</Tag> },
          ...(can('service.write')
            ? [
                {
                  key: 'actions',
                  title: tc('common.actions'),
                  render: (_: unknown, r: Counsellor) => (
                    <Button
                      size="small"
                      onClick={async () => {
                        try {
                          await ok(
                            client.PATCH('/api/v1/hotline/counsellors/{id}', {
                              params: { path: { id: r.id } },
                              body: { status: r.status === 'active' ? 'inactive' : 'active' },
                            }),
                          );
                          await refresh();
                        } catch (e) {
                          message.error(errorMessage(e));
                        }
                      }}
                    >
                      {r.status === 'active' ? t('r.deactivate') : t('r.activate')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <FormModal<NewCounsellor>
        open={adding}
        title={t('r.add')}
        form={form}
        name="hotline-counsellor"
        onClose={() => setAdding(false)}
        initialValues={{ orgId: orgId ?? undefined, kind: 'counsellor' }}
        onSubmit={async (v) => {
          await ok(client.POST('/api/v1/hotline/counsellors', { body: { ...v, accountId: v.accountId || null } }));
          message.success(tc('common.saved'));
          setAdding(false);
          await refresh();
        }}
      >
        <Form.Item label={t('c.org')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect aria-label={t('c.org')} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('r.name')} name="name" rules={[{ required: true, max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label={t('r.kind')} name="kind">
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'counsellor', label: t('r.kind.counsellor') },
                { value: 'expert', label: t('r.kind.expert') },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('r.qualifications')} name="qualifications">
          <Select
            mode="tags"
            options={['国家二级心理咨询师', '国家三级心理咨询师', '执业律师', '社会工作师', '精神科医师'].map((x) => ({ value: x, label: x }))}
          />
        </Form.Item>
        <Form.Item label={t('r.categories')} name="categories">
          <Select mode="multiple" options={(cats.data?.categories ?? []).map((c) => ({ value: c.name, label: lang === 'zh-CN' ? c.name : c.en }))} />
        </Form.Item>
        <Form.Item label={t('r.account')} name="accountId">
          <Input maxLength={36} />
        </Form.Item>
      </FormModal>
    </>
  );
}
