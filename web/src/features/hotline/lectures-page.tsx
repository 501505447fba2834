import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
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
import { useHotlineText } from './messages';

type Lecture = ListItem<'/api/v1/hotline/lectures'>;
type Kind = Lecture['kind'];
type NewLecture = {
  orgId: number;
  kind: Kind;
  title: string;
  heldOn: Dayjs;
  place?: string;
  audience?: string;
  reach: number;
  reachUnit: 'people' | 'person_times';
};

/** Lectures (讲座) and group counselling (减压辅导), with their reach in people or 人次. */
export function LecturesPage() {
  const t = useHotlineText();
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const { orgId, period } = useScope();
  const can = useCan();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind | ''>('');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewLecture>();
  const query = { orgId: orgId ?? undefined, kind: kind || undefined, from: period.from, to: period.to };
  const q = usePaged('/api/v1/hotline/lectures', query, { key: ['hotline-lectures'], enabled: orgId !== null });
  const refresh = () => qc.invalidateQueries({ queryKey: ['hotline-lectures'] });
  const kinds = (['lecture', 'group_counselling'] as const).map((k) => ({ value: k, label: t(`l.kind.${k}`) }));
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <Select
              aria-label={t('l.kind')}
              style={{ width: 180 }}
              value={kind}
              onChange={setKind}
              options={[{ value: '', label: tc('common.all') }, ...kinds]}
            />
            <Can permission="service.write">
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('l.add')}
              </Button>
            </Can>
          </Space>
        }
      >
        {t('l.title')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      <Table<Lecture>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        columns={[
          { key: 'heldOn', title: t('l.heldOn'), dataIndex: 'heldOn' },
          { key: 'kind', title: t('l.kind'), render: (_, r) => t(`l.kind.${r.kind}`) },
          { key: 'title', title: t('l.topic'), dataIndex: 'title' },
          { key: 'org', title: t('c.org'), dataIndex: 'orgName' },
          { key: 'audience', title: t('l.audience'), render: (_, r) => r.audience ?? '—' },
          { key: 'reach', title: t('l.reach'), render: (_, r) => `${r.reach} ${t(`l.unit.${r.reachUnit}`)}` },
          {
            key: 'status',
            title: tc('common.status'),
            render: (_, r) => (r.status === 'cancelled' ? <Tag>{t('l.cancel')}</Tag> : <Tag color="#237804">✓</Tag>),
          },
          ...(can('service.write')
            ? [
                {
                  key: 'actions',
                  title: tc('common.actions'),
                  render: (_: unknown, r: Lecture) =>
                    r.status === 'held' && (
                      <Popconfirm
                        title={tc('common.confirm')}
                        onConfirm={async () => {
                          try {
                            await ok(client.PATCH('/api/v1/hotline/lectures/{id}', { params: { path: { id: r.id } }, body: { status: 'cancelled' } }));
                            await refresh();
                          } catch (e) {
                            message.error(errorMessage(e));
                          }
                        }}
                      >
                        <Button size="small">{t('l.cancel')}</Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <FormModal<NewLecture>
        open={adding}
        title={t('l.add')}
        form={form}
        name="hotline-lecture"
        onClose={() => setAdding(false)}
        initialValues={{ orgId: orgId ?? undefined, kind: 'lecture', reachUnit: 'people' }}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/hotline/lectures', {
              body: { ...v, heldOn: v.heldOn.format('YYYY-MM-DD'), place: v.place || null, audience: v.audience || null },
            }),
          );
          message.success(tc('common.saved'));
          setAdding(false);
          await refresh();
        }}
      >
        <Form.Item label={t('c.org')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect aria-label={t('c.org')} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('l.kind')} name="kind" rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={kinds} />
          </Form.Item>
          <Form.Item label={t('l.heldOn')} name="heldOn" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item label={t('l.topic')} name="title" rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('l.place')} name="place">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('l.audience')} name="audience">
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item label={t('l.reach')} name="reach" rules={[{ required: true }]}>
            <InputNumber min={1} max={1_000_000} />
          </Form.Item>
          <Form.Item label={t('l.unit')} name="reachUnit">
            <Select
              style={{ width: 100 }}
              options={[
                { value: 'people', label: t('l.unit.people') },
                { value: 'person_times', label: t('l.unit.person_times') },
              ]}
            />
          </Form.Item>
        </Space>
      </FormModal>
    </>
  );
}
