import { Badge, Button, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { Member } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { ExportButton } from '../../components/export-button';
import { usePaged } from '../../components/use-paged';
import { MemberExcel } from './member-excel';
import { MemberFormModal } from './member-form-modal';
import { useMem } from './member-i18n';

type FilterForm = { q?: string; status?: Member['status'] | ''; age?: string; admitted?: [Dayjs, Dayjs] | null };
type Filter = { q?: string; status?: Member['status']; ageMin?: number; ageMax?: number; admittedFrom?: string; admittedTo?: string };

const AGE_BANDS = ['14-17', '18-22', '23-25', '26-28'] as const;

function toFilter(v: FilterForm): Filter {
  const [ageMin, ageMax] = v.age ? v.age.split('-').map(Number) : [undefined, undefined];
  return {
    q: v.q || undefined,
    status: v.status || undefined,
    ageMin,
    ageMax,
    admittedFrom: v.admitted?.[0]?.format('YYYY-MM-DD'),
    admittedTo: v.admitted?.[1]?.format('YYYY-MM-DD'),
  };
}

export function MembersPage() {
  const { t } = useI18n();
  const tm = useMem();
  const can = useCan();
  const { orgId } = useScope();
  const location = useLocation();
  const [filter, setFilter] = useState<Filter>({ status: 'active' });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<FilterForm>();
  const query = { ...filter, orgId };

  const q = usePaged('/api/v1/members', query, { key: ['members'], enabled: orgId !== null });
  const rows = q.rows;

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <ExportButton path="/api/v1/members/export" fileName="members.xlsx" query={query} />
            <Can permission="member.write">
              <Button type="primary" onClick={() => setCreating(true)}>
                {tm('mem.create')}
              </Button>
            </Can>
          </Space>
        }
      >
        {tm('mem.title')}
      </PageTitle>
      <Form<FilterForm>
        form={form}
        layout="inline"
        name="member-filter"
        initialValues={{ status: 'active' }}
        onFinish={(v) => setFilter(toFilter(v))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={tm('mem.name')} name="q">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            style={{ width: 110 }}
            options={[
              { value: '', label: t('common.all') },
              { value: 'active', label: tm('mem.status.active') },
              { value: 'left', label: tm('mem.status.left') },
            ]}
          />
        </Form.Item>
        <Form.Item label={tm('mem.ageBand')} name="age">
          <Select allowClear style={{ width: 110 }} options={AGE_BANDS.map((b) => ({ value: b, label: tm('mem.ageBandOf', { band: b }) }))} />
        </Form.Item>
        <Form.Item label={tm('mem.admittedPeriod')} name="admitted">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ status: 'active' });
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={q.error} />
      <Table<Member>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'name',
            title: tm('mem.name'),
            render: (_, r) => <Link to={{ pathname: `/members/${r.id}`, search: location.search }}>{r.name}</Link>,
          },
          { key: 'gender', title: tm('mem.gender'), render: (_, r) => tm(r.gender === 'M' ? 'mem.male' : 'mem.female') },
          { key: 'age', title: tm('mem.age'), dataIndex: 'age' },
          { key: 'idNumber', title: tm('mem.idNumber'), render: (_, r) => r.idNumber ?? t('common.none') },
          { key: 'org', title: tm('mem.branch'), dataIndex: 'orgName' },
          { key: 'admittedOn', title: tm('mem.admittedOn'), dataIndex: 'admittedOn' },
          { key: 'devNo', title: tm('mem.developmentNumber'), render: (_, r) => r.developmentNumber ?? t('common.none') },
          {
            key: 'status',
            title: t('common.status'),
            render: (_, r) => <Badge status={r.status === 'active' ? 'success' : 'default'} text={tm(`mem.status.${r.status}`)} />,
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      {can('member.write') && orgId !== null && <MemberExcel orgId={orgId} onImported={() => q.refetch()} />}
      <MemberFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          q.refetch();
        }}
      />
    </>
  );
}
