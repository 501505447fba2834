import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, InputNumber, Progress, Rate, Select, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Items, VolunteerMeta, VolunteerProject, VolunteerStation, VolunteerTeam } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { useDownload } from '../../components/use-paged';
import { CreateModal } from './create-modal';
import { COLORS } from './options';

const day = (d: Dayjs | undefined) => d?.format('YYYY-MM-DD');

/**
 * One kind of group of the selected org's subtree (teams, stations or projects): the list, and
 * for writers a create form whose first field is always the owning org.
 */
function GroupTab<T extends { id: string }, V extends { orgId: number }>(props: {
  path: string;
  /** the download's file name */
  exportName: string;
  createLabel: string;
  formName: string;
  columns: TableColumnsType<T>;
  initialValues?: Partial<V>;
  toBody: (v: V) => unknown;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { orgId } = useScope();
  const [open, setOpen] = useState(false);
  const download = useDownload();
  const q = useQuery({ queryKey: [props.path, orgId], enabled: orgId !== null, queryFn: () => api.get<Items<T>>(props.path, { orgId }) });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {can('volunteer.write') && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {props.createLabel}
          </Button>
        )}
        <Button icon={<DownloadOutlined />} loading={download.busy} onClick={() => download.run(`${props.path}/export`, props.exportName, { orgId })}>
          {t('common.exportExcel')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<T> rowKey="id" size="middle" loading={q.isLoading} dataSource={q.data?.items} pagination={{ pageSize: 20 }} columns={props.columns} />
      <CreateModal<V>
        title={props.createLabel}
        name={props.formName}
        path={props.path}
        open={open}
        initialValues={{ ...props.initialValues, orgId: orgId ?? undefined } as Partial<V>}
        toBody={props.toBody}
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

type TeamValues = { orgId: number; name: string; kind: string; foundedOn: Dayjs };
type StationValues = { orgId: number; name: string; address: string; star?: number; establishedOn: Dayjs };
type ProjectValues = { orgId: number; name: string; theme: string[]; target: number; startOn: Dayjs; endOn?: Dayjs };

function TeamsTab({ meta }: { meta?: VolunteerMeta }) {
  const { t } = useI18n();
  return (
    <GroupTab<VolunteerTeam, TeamValues>
      path="/volunteer-teams"
      exportName={`${t('grp.teams')}.xlsx`}
      createLabel={t('grp.createTeam')}
      formName="team-create"
      initialValues={{ kind: 'commando' }}
      toBody={(v) => ({ ...v, foundedOn: day(v.foundedOn) })}
      columns={[
        { key: 'name', title: t('grp.name'), dataIndex: 'name' },
        { key: 'kind', title: t('grp.kind'), render: (_, r) => <Tag color={r.kind === 'commando' ? COLORS.red : COLORS.blue}>{r.kindLabel}</Tag> },
        { key: 'org', title: t('grp.org'), dataIndex: 'orgName' },
        { key: 'foundedOn', title: t('grp.foundedOn'), dataIndex: 'foundedOn' },
        { key: 'members', title: t('grp.members'), dataIndex: 'members' },
        { key: 'leaders', title: t('grp.leaders'), render: (_, r) => r.leaders ?? t('common.none') },
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
  const { t } = useI18n();
  return (
    <GroupTab<VolunteerStation, StationValues>
      path="/volunteer-stations"
      exportName={`${t('grp.stations')}.xlsx`}
      createLabel={t('grp.createStation')}
      formName="station-create"
      toBody={(v) => ({ ...v, star: v.star || null, establishedOn: day(v.establishedOn) })}
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
  const { t } = useI18n();
  return (
    <GroupTab<VolunteerProject, ProjectValues>
      path="/volunteer-projects"
      exportName={`${t('grp.projects')}.xlsx`}
      createLabel={t('grp.createProject')}
      formName="project-create"
      toBody={(v) => ({ ...v, theme: v.theme.at(-1) ?? '', startOn: day(v.startOn), endOn: day(v.endOn) ?? null })}
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
  const { t } = useI18n();
  const meta = useQuery({ queryKey: ['volunteer-meta'], queryFn: () => api.get<VolunteerMeta>('/volunteer-meta') });
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
