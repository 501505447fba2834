import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ListItem } from '../../api/client';
import { Can } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { useDownload, usePaged } from '../../components/use-paged';
import { useVolunteerText } from './messages';
import { AREAS, COLORS, SKILLS } from './options';
import { RegisterModal } from './register-modal';

type FilterForm = { q?: string; skill?: string; area?: string; status?: Volunteer['status'] | ''; registered?: [Dayjs | null, Dayjs | null] | null };
type Filter = { q?: string; skill?: string; area?: string; status?: Volunteer['status']; registeredFrom?: string; registeredTo?: string };
type Volunteer = ListItem<'/api/v1/volunteers'>;

export function VolunteersPage() {
  const t = useVolunteerText();
  const { t: tc } = useI18n();
  const { orgId } = useScope();
  const [filter, setFilter] = useState<Filter>({ status: 'active' });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<FilterForm>();
  const query = { ...filter, orgId };

  const q = usePaged('/api/v1/volunteers', query, { key: ['volunteers'], enabled: orgId !== null });
  const rows = q.rows;

  const download = useDownload();
  const exportList = () => download.run('/api/v1/volunteers/export', 'volunteers.xlsx', { query });

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={exportList} loading={download.busy}>
              {tc('common.exportExcel')}
            </Button>
            <Can permission="volunteer.write">
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('vol.register')}
              </Button>
            </Can>
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
        <Form.Item label={tc('common.status')} name="status">
          <Select
            style={{ width: 100 }}
            options={[
              { value: '', label: tc('common.all') },
              ...(['active', 'suspended', 'left'] as const).map((s) => ({ value: s, label: t(`vol.status.${s}`) })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('vol.registeredPeriod')} name="registered">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {tc('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ status: 'active' });
            }}
          >
            {tc('common.reset')}
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
          { key: 'idNumber', title: t('vol.idNumber'), render: (_, r) => r.idNumber ?? tc('common.none') },
          { key: 'org', title: t('vol.org'), dataIndex: 'orgName' },
          { key: 'registeredOn', title: t('vol.registeredOn'), dataIndex: 'registeredOn' },
          { key: 'skills', title: t('vol.skills'), render: (_, r) => r.skills.map((s) => <Tag key={s}>{s}</Tag>) },
          { key: 'insuredUntil', title: t('vol.insuredUntil'), render: (_, r) => r.insuredUntil ?? tc('common.none') },
          {
            key: 'status',
            title: tc('common.status'),
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
