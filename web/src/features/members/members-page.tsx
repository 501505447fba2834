import { DownloadOutlined } from '@ant-design/icons';
import { Badge, Button, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { Member } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { useDownload, usePaged } from '../../components/use-paged';
import { MemberExcel } from './member-excel';
import { MemberFormModal } from './member-form-modal';

type FilterForm = { q?: string; status?: string; age?: string; admitted?: [Dayjs, Dayjs] | null };
type Filter = { q?: string; status?: string; ageMin?: number; ageMax?: number; admittedFrom?: string; admittedTo?: string };

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
  const { can } = useAuth();
  const { orgId } = useScope();
  const location = useLocation();
  const [filter, setFilter] = useState<Filter>({ status: 'active' });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<FilterForm>();
  const query = { ...filter, orgId };

  const q = usePaged<Member>(['members'], '/members', query, orgId !== null);
  const rows = q.rows;

  const download = useDownload();
  const exportList = () => download.run('/members/export', 'members.xlsx', query);

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={exportList} loading={download.busy}>
              {t('common.exportExcel')}
            </Button>
            {can('member.write') && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('mem.create')}
              </Button>
            )}
          </Space>
        }
      >
        {t('mem.title')}
      </PageTitle>
      <Form<FilterForm>
        form={form}
        layout="inline"
        name="member-filter"
        initialValues={{ status: 'active' }}
        onFinish={(v) => setFilter(toFilter(v))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('mem.name')} name="q">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            style={{ width: 110 }}
            options={[
              { value: '', label: t('common.all') },
              { value: 'active', label: t('mem.status.active') },
              { value: 'left', label: t('mem.status.left') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('mem.ageBand')} name="age">
          <Select allowClear style={{ width: 110 }} options={AGE_BANDS.map((b) => ({ value: b, label: t('mem.ageBandOf', { band: b }) }))} />
        </Form.Item>
        <Form.Item label={t('mem.admittedPeriod')} name="admitted">
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
            title: t('mem.name'),
            render: (_, r) => <Link to={{ pathname: `/members/${r.id}`, search: location.search }}>{r.name}</Link>,
          },
          { key: 'gender', title: t('mem.gender'), render: (_, r) => t(r.gender === 'M' ? 'mem.male' : 'mem.female') },
          { key: 'age', title: t('mem.age'), dataIndex: 'age' },
          { key: 'idNumber', title: t('mem.idNumber'), render: (_, r) => r.idNumber ?? t('common.none') },
          { key: 'org', title: t('mem.branch'), dataIndex: 'orgName' },
          { key: 'admittedOn', title: t('mem.admittedOn'), dataIndex: 'admittedOn' },
          { key: 'devNo', title: t('mem.developmentNumber'), render: (_, r) => r.developmentNumber ?? t('common.none') },
          {
            key: 'status',
            title: t('common.status'),
            render: (_, r) => <Badge status={r.status === 'active' ? 'success' : 'default'} text={t(`mem.status.${r.status}`)} />,
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
