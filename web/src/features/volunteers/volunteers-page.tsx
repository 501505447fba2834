import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Volunteer } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { useDownload, usePaged } from '../../components/use-paged';
import { AREAS, COLORS, SKILLS } from './options';
import { RegisterModal } from './register-modal';

type FilterForm = { q?: string; skill?: string; area?: string; status?: string; registered?: [Dayjs | null, Dayjs | null] | null };
type Filter = { q?: string; skill?: string; area?: string; status?: string; registeredFrom?: string; registeredTo?: string };

export function VolunteersPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { orgId } = useScope();
  const [filter, setFilter] = useState<Filter>({ status: 'active' });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<FilterForm>();
  const query = { ...filter, orgId };

  const q = usePaged<Volunteer>(['volunteers'], '/volunteers', query, orgId !== null);
  const rows = q.rows;

  const download = useDownload();
  const exportList = () => download.run('/volunteers/export', 'volunteers.xlsx', query);

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={exportList} loading={download.busy}>
              {t('common.exportExcel')}
            </Button>
            {can('volunteer.write') && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('vol.register')}
              </Button>
            )}
          </Space>
        }
      >
        {t('vol.title')}
      </PageTitle>
      <Form<FilterForm>
        form={form}
        layout="inline"
        name="volunteer-filter"
        initialValues={{ status: 'active' }}
        onFinish={(v) =>
          setFilter({
            q: v.q || undefined,
            skill: v.skill || undefined,
            area: v.area || undefined,
            status: v.status || undefined,
            registeredFrom: v.registered?.[0]?.format('YYYY-MM-DD'),
            registeredTo: v.registered?.[1]?.format('YYYY-MM-DD'),
          })
        }
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item label={t('vol.nameOrNumber')} name="q">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('vol.skill')} name="skill">
          <Select allowClear style={{ width: 120 }} options={SKILLS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item label={t('vol.area')} name="area">
          <Select allowClear style={{ width: 140 }} options={AREAS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            style={{ width: 100 }}
            options={[
              { value: '', label: t('common.all') },
              ...(['active', 'suspended', 'left'] as const).map((s) => ({ value: s, label: t(`vol.status.${s}`) })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('vol.registeredPeriod')} name="registered">
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
      <Table<Volunteer>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'number', title: t('vol.number'), dataIndex: 'number' },
          { key: 'name', title: t('vol.name'), dataIndex: 'name' },
          { key: 'gender', title: t('vol.gender'), render: (_, r) => t(r.gender === 'M' ? 'vol.male' : 'vol.female') },
          { key: 'birthDate', title: t('vol.birthDate'), dataIndex: 'birthDate' },
          { key: 'idNumber', title: t('vol.idNumber'), render: (_, r) => r.idNumber ?? t('common.none') },
          { key: 'org', title: t('vol.org'), dataIndex: 'orgName' },
          { key: 'registeredOn', title: t('vol.registeredOn'), dataIndex: 'registeredOn' },
          { key: 'skills', title: t('vol.skills'), render: (_, r) => r.skills.map((s) => <Tag key={s}>{s}</Tag>) },
          { key: 'insuredUntil', title: t('vol.insuredUntil'), render: (_, r) => r.insuredUntil ?? t('common.none') },
          {
            key: 'status',
            title: t('common.status'),
            render: (_, r) => <Tag color={r.status === 'active' ? COLORS.green : undefined}>{t(`vol.status.${r.status}`)}</Tag>,
          },
        ]}
      />
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => q.fetchNextPage()} />
      <RegisterModal
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
