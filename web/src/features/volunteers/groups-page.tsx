import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, InputNumber, Progress, Rate, Select, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Body, VolunteerMeta, VolunteerProject, VolunteerStation, VolunteerTeam } from '../../api/types';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { useDownload } from '../../components/use-paged';
import { CreateModal } from './create-modal';
import { useVolunteerText } from './messages';
import { COLORS } from './options';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * One kind of group of the selected org's subtree (teams, stations or projects): the list, and
 * for writers a create form whose first field is always the owning org.
 */
function GroupTab<T extends { id: string }, V extends { orgId: number }>(props: {
  /** the list's cache key */
  name: string;
  list: (orgId: number | undefined) => Promise<{ items: T[] }>;
  create: (v: V) => Promise<unknown>;
  /** the list's export, same filter */
  exportPath: '/api/v1/volunteer-teams/export' | '/api/v1/volunteer-stations/export' | '/api/v1/volunteer-projects/export';
  /** the download's file name */
  exportName: string;
  createLabel: string;
  formName: string;
  columns: TableColumnsType<T>;
  initialValues?: Partial<V>;
  children: ReactNode;
}) {
  const t = useVolunteerText();
  const { t: tc } = useI18n();
  const can = useCan();
  const { orgId } = useScope();
  const [open, setOpen] = useState(false);
  const download = useDownload();
  const q = useQuery({ queryKey: [props.name, orgId], enabled: orgId !== null, queryFn: () => props.list(orgId ?? undefined) });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {can('volunteer.write') && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {props.createLabel}
          </Button>
        )}
        <Button icon={<DownloadOutlined />} loading={download.busy} onClick={() => download.run(props.exportPath, props.exportName, { query: { orgId } })}>
          {tc('common.exportExcel')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<T> rowKey="id" size="middle" loading={q.isLoading} dataSource={q.data?.items} pagination={{ pageSize: 20 }} columns={props.columns} />
      <CreateModal<V>
        title={props.createLabel}
        name={props.formName}
        open={open}
        initialValues={{ ...props.initialValues, orgId: orgId ?? undefined } as Partial<V>}
        submit={props.create}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          q.refetch();
        }}
      >
        <Form.Item label={t('grp.org')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item label={t('grp.name')} name="name" rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        {props.children}
      </CreateModal>
    </>
  );
}

type TeamValues = { orgId: number; name: string; kind: Body<'/api/v1/volunteer-teams', 'post'>['kind']; foundedOn: Dayjs };
type StationValues = { orgId: number; name: string; address: string; star?: number; establishedOn: Dayjs };
type ProjectValues = { orgId: number; name: string; theme: string[]; target: number; startOn: Dayjs; endOn?: Dayjs };

function TeamsTab({ meta }: { meta?: VolunteerMeta }) {
  const t = useVolunteerText();
  const { t: tc } = useI18n();
  return (
    <GroupTab<VolunteerTeam, TeamValues>
      name="volunteer-teams"
      list={(orgId) => ok(client.GET('/api/v1/volunteer-teams', { params: { query: { orgId } } }))}
      create={(v) => ok(client.POST('/api/v1/volunteer-teams', { body: { ...v, foundedOn: day(v.foundedOn) } }))}
      exportPath="/api/v1/volunteer-teams/export"
      exportName={`${t('grp.teams')}.xlsx`}
      createLabel={t('grp.createTeam')}
      formName="team-create"
      initialValues={{ kind: 'commando' }}
      columns={[
        { key: 'name', title: t('grp.name'), dataIndex: 'name' },
        { key: 'kind', title: t('grp.kind'), render: (_, r) => <Tag color={r.kind === 'commando' ? COLORS.red : COLORS.blue}>{r.kindLabel}</Tag> },
        { key: 'org', title: t('grp.org'), dataIndex: 'orgName' },
        { key: 'foundedOn', title: t('grp.foundedOn'), dataIndex: 'foundedOn' },
        { key: 'members', title: t('grp.members'), dataIndex: 'members' },
        { key: 'leaders', title: t('grp.leaders'), render: (_, r) => r.leaders ?? tc('common.none') },
      ]}
    >
      <Form.Item label={t('grp.kind')} name="kind" rules={[{ required: true }]}>
        <Select options={meta?.teamKinds ?? []} />
      </Form.Item>
      <Form.Item label={t('grp.foundedOn')} name="foundedOn" rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
    </GroupTab>
  );
}

function StationsTab() {
  const t = useVolunteerText();
  return (
    <GroupTab<VolunteerStation, StationValues>
      name="volunteer-stations"
      list={(orgId) => ok(client.GET('/api/v1/volunteer-stations', { params: { query: { orgId } } }))}
      create={(v) => ok(client.POST('/api/v1/volunteer-stations', { body: { ...v, star: v.star || null, establishedOn: day(v.establishedOn) } }))}
      exportPath="/api/v1/volunteer-stations/export"
      exportName={`${t('grp.stations')}.xlsx`}
      createLabel={t('grp.createStation')}
      formName="station-create"
      columns={[
        { key: 'name', title: t('grp.name'), dataIndex: 'name' },
        {
          key: 'star',
          title: t('grp.star'),
          render: (_, r) => (r.star ? <Rate disabled value={r.star} aria-label={`${r.star} / 5`} style={{ fontSize: 14 }} /> : t('grp.noStar')),
        },
        { key: 'address', title: t('grp.address'), dataIndex: 'address' },
        { key: 'org', title: t('grp.org'), dataIndex: 'orgName' },
        { key: 'establishedOn', title: t('grp.establishedOn'), dataIndex: 'establishedOn' },
      ]}
    >
      <Form.Item label={t('grp.address')} name="address" rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('grp.star')} name="star">
        <InputNumber min={1} max={5} />
      </Form.Item>
      <Form.Item label={t('grp.establishedOn')} name="establishedOn" rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
    </GroupTab>
  );
}

function ProjectsTab({ meta }: { meta?: VolunteerMeta }) {
  const t = useVolunteerText();
  return (
    <GroupTab<VolunteerProject, ProjectValues>
      name="volunteer-projects"
      list={(orgId) => ok(client.GET('/api/v1/volunteer-projects', { params: { query: { orgId } } }))}
      create={(v) =>
        ok(
          client.POST('/api/v1/volunteer-projects', {
            body: { ...v, theme: v.theme.at(-1) ?? '', startOn: day(v.startOn), endOn: v.endOn ? day(v.endOn) : null },
          }),
        )
      }
      exportPath="/api/v1/volunteer-projects/export"
      exportName={`${t('grp.projects')}.xlsx`}
      createLabel={t('grp.createProject')}
      formName="project-create"
      columns={[
        { key: 'name', title: t('grp.name'), dataIndex: 'name' },
        { key: 'theme', title: t('grp.theme'), render: (_, r) => <Tag>{r.theme}</Tag> },
        { key: 'org', title: t('grp.org'), dataIndex: 'orgName' },
        { key: 'period', title: t('grp.startOn'), render: (_, r) => `${r.startOn} ~ ${r.endOn ?? ''}` },
        {
          key: 'progress',
          title: t('grp.progress'),
          width: 260,
          render: (_, r) => (
            <div>
              <Progress percent={Math.min(100, Math.round((r.recruited / r.target) * 100))} size="small" aria-label={`${r.name} ${r.recruited}/${r.target}`} />
              <span>
                {r.recruited} / {r.target}
              </span>
            </div>
          ),
        },
      ]}
    >
      <Form.Item label={t('grp.theme')} name="theme" rules={[{ required: true }]}>
        <Select mode="tags" maxCount={1} options={(meta?.projectThemes ?? []).map((x) => ({ value: x, label: x }))} />
      </Form.Item>
      <Form.Item label={t('grp.target')} name="target" rules={[{ required: true }]}>
        <InputNumber min={1} />
      </Form.Item>
      <Form.Item label={t('grp.startOn')} name="startOn" rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item label={t('grp.endOn')} name="endOn">
        <DatePicker />
      </Form.Item>
    </GroupTab>
  );
}

export function GroupsPage() {
  const t = useVolunteerText();
  const meta = useQuery({ queryKey: ['volunteer-meta'], queryFn: () => ok(client.GET('/api/v1/volunteer-meta')) });
  return (
    <>
      <PageTitle>{t('grp.title')}</PageTitle>
      <Tabs
        items={[
          { key: 'teams', label: t('grp.teams'), children: <TeamsTab meta={meta.data} /> },
          { key: 'stations', label: t('grp.stations'), children: <StationsTab /> },
          { key: 'projects', label: t('grp.projects'), children: <ProjectsTab meta={meta.data} /> },
        ]}
      />
    </>
  );
}
