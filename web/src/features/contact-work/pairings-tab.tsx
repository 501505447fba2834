import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Input, List, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, type ListItem, type ListQuery, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { ExportButton } from '../../components/export-button';
import { FormModal } from '../../components/form-modal';
import { LoadMore } from '../../components/load-more';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { usePaged } from '../../components/use-paged';
import { useRefresh } from './forms';
import { useCw } from './messages';

type Pairing = ListItem<'/api/v1/contact-work/pairings'>;
type Filter = ListQuery<'/api/v1/contact-work/pairings'>;
type Values = { orgId: number; kind: string; sideA: string; sideB: string; theme?: string; startedOn: Dayjs };
type ActivityValues = { heldOn: Dayjs; title: string; note?: string };

const kinds = [
  { value: 'org_org', label: { 'zh-CN': '组织结对', 'en-US': 'Org with org' } },
  { value: 'person_person', label: { 'zh-CN': '个人结对', 'en-US': 'Person with person' } },
  { value: 'org_person', label: { 'zh-CN': '组织与个人结对', 'en-US': 'Org with person' } },
] as const;

/** 手拉手 结对 with their activity log. */
export function PairingsTab() {
  const cw = useCw();
  const { message } = App.useApp();
  const { orgId, period } = useScope();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<Pairing | null>(null);
  const [adding, setAdding] = useState(false);
  const [kind, setKind] = useState<Filter['kind']>();
  const [form] = Form.useForm<Values>();
  const [actForm] = Form.useForm<ActivityValues>();
  const refresh = useRefresh();
  const { lang } = useI18n();
  const kindOptions = kinds.map((k) => ({ value: k.value, label: k.label[lang] }));
  const query = { orgId: orgId ?? undefined, kind };
  const q = usePaged('/api/v1/contact-work/pairings', query, { enabled: orgId !== null });
  const detail = useQuery({
    queryKey: ['cw-pairing', shown?.id],
    enabled: shown !== null,
    queryFn: () => ok(client.GET('/api/v1/contact-work/pairings/{id}', { params: { path: { id: shown?.id ?? '' } } })),
  });
  const end = async (p: Pairing) => {
    await ok(client.POST('/api/v1/contact-work/pairings/{id}/end', { params: { path: { id: p.id } }, body: { on: dayjs().format('YYYY-MM-DD') } }));
    message.success(cw('saved'));
    setShown(null);
    void refresh();
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          placeholder={cw('pairKind')}
          aria-label={cw('pairKind')}
          style={{ width: 160 }}
          value={kind}
          onChange={setKind}
          options={kindOptions}
        />
        <ExportButton path="/api/v1/contact-work/pairings/export" fileName={`${cw('tab.pairings')}-${period.to}.xlsx`} query={query} />
        <Can permission="service.write">
          <Button type="primary" onClick={() => setOpen(true)}>
            {cw('recordPairing')}
          </Button>
        </Can>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Pairing>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.rows}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(r) => ({ onClick: () => setShown(r), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'kind', title: cw('pairKind'), dataIndex: 'kindLabel', width: 130 },
          { key: 'a', title: cw('sideA'), dataIndex: 'sideA' },
          { key: 'b', title: cw('sideB'), dataIndex: 'sideB' },
          { key: 'theme', title: cw('theme'), dataIndex: 'theme' },
          { key: 'start', title: cw('startedOn'), dataIndex: 'startedOn', width: 110 },
          { key: 'status', title: cw('status'), width: 90, render: (_, r) => <Tag color={r.status === 'active' ? '#237804' : 'default'}>{r.statusLabel}</Tag> },
          { key: 'acts', title: cw('activities'), dataIndex: 'activityCount', width: 70 },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <Drawer open={shown !== null} onClose={() => setShown(null)} title={shown ? `${shown.sideA} — ${shown.sideB}` : ''} size="large">
        <ErrorAlert error={detail.error} />
        {shown?.status === 'active' && (
          <Can permission="service.write">
            <Space style={{ marginBottom: 12 }}>
              <Button type="primary" onClick={() => setAdding(true)}>
                {cw('addActivity')}
              </Button>
              <Button danger onClick={() => void end(shown).catch((e: unknown) => message.error(String(e)))}>
                {cw('endPairing')}
              </Button>
            </Space>
          </Can>
        )}
        <List
          header={<h2 style={{ fontSize: 16, margin: 0 }}>{cw('activities')}</h2>}
          dataSource={detail.data?.activities ?? []}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta title={`${a.heldOn} ${a.title}`} description={a.note} />
            </List.Item>
          )}
        />
      </Drawer>
      <FormModal<ActivityValues>
        open={adding}
        title={cw('addActivity')}
        form={actForm}
        name="cw-pairing-activity"
        onClose={() => setAdding(false)}
        initialValues={{ heldOn: dayjs() }}
        onSubmit={async (v) => {
          if (!shown) return;
          await ok(
            client.POST('/api/v1/contact-work/pairings/{id}/activities', {
              params: { path: { id: shown.id } },
              body: { heldOn: v.heldOn.format('YYYY-MM-DD'), title: v.title, note: v.note || null },
            }),
          );
          message.success(cw('saved'));
          actForm.resetFields();
          setAdding(false);
          void detail.refetch();
          void refresh();
        }}
      >
        <Form.Item name="heldOn" label={cw('date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="title" label={cw('topic')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={cw('note')}>
          <Input.TextArea maxLength={5000} rows={3} />
        </Form.Item>
      </FormModal>
      <FormModal<Values>
        open={open}
        title={cw('recordPairing')}
        form={form}
        name="cw-pairing"
        onClose={() => setOpen(false)}
        initialValues={{ orgId: orgId ?? undefined, startedOn: dayjs(), kind: 'org_org' }}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/contact-work/pairings', {
              body: {
                orgId: v.orgId,
                kind: v.kind as 'org_org',
                sideA: v.sideA,
                sideB: v.sideB,
                theme: v.theme || null,
                startedOn: v.startedOn.format('YYYY-MM-DD'),
              },
            }),
          );
          message.success(cw('saved'));
          form.resetFields();
          setOpen(false);
          void refresh();
        }}
      >
        <Form.Item name="orgId" label={cw('org')} htmlFor="cw-pairing-org" rules={[{ required: true }]}>
          <OrgTreeSelect id="cw-pairing-org" aria-label={cw('org')} />
        </Form.Item>
        <Form.Item name="kind" label={cw('pairKind')} rules={[{ required: true }]}>
          <Select options={kindOptions} aria-label={cw('pairKind')} />
        </Form.Item>
        <Form.Item name="sideA" label={cw('sideA')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="sideB" label={cw('sideB')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="theme" label={cw('theme')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="startedOn" label={cw('startedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </FormModal>
    </>
  );
}
