import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, Popconfirm, Progress, Row, Space, Table } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { StudyEpisodes } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useDownload, usePaged } from '../../components/use-paged';
import { useMl } from './ml-i18n';
import { StudyBranches } from './study-branches';
import { StudyEpisodeSelect } from './study-episode-select';
import { StudyImport } from './study-import';
import { StudyPublishModal } from './study-publish-modal';

type Episode = StudyEpisodes['items'][number];

/** 青年大学习: the issues that apply to the chosen subtree, publishing and withdrawing them, the import of the platform's export, completion by branch. */
export function StudyPage() {
  const ml = useMl();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId, roots } = useScope();
  const qc = useQueryClient();
  const exporting = useDownload();
  const [filter, setFilter] = useState('');
  const [publishing, setPublishing] = useState(false);
  const [episodeId, setEpisodeId] = useState<string | null>(null);

  const list = usePaged('/api/v1/study/episodes', { orgId }, { key: ['study-episodes'], enabled: orgId !== null });
  const org = useQuery({
    queryKey: ['study-org', orgId],
    queryFn: orgId === null ? skipToken : () => ok(client.GET('/api/v1/orgs/{id}', { params: { path: { id: String(orgId) } } })),
  });
  // The issue list, the issue picker and the "who hasn't studied" lists all change together.
  const refresh = () =>
    qc.invalidateQueries({
      predicate: (x) => {
        const k = String(x.queryKey[0]);
        return k.startsWith('study-') || k.startsWith('ml-');
      },
    });
  // Orgs above the caller's scope (org paths are id chains): their issues apply here but are theirs to withdraw.
  const above = new Set(roots.flatMap((r) => r.path.split('.').slice(0, -1).map(Number)));
  const text = filter.trim().toLowerCase();
  const rows = text ? list.rows.filter((e) => `${e.number} ${e.title}`.toLowerCase().includes(text)) : list.rows;

  const withdraw = async (e: Episode) => {
    try {
      await ok(client.POST('/api/v1/study/episodes/{id}/withdraw', { params: { path: { id: e.id } } }));
      message.success(t('common.done'));
      if (episodeId === e.id) setEpisodeId(null);
      void refresh();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <>
      <ErrorAlert error={list.error ?? org.error} />
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('study.episodes')}</h2>}
        extra={
          <Space wrap>
            <Input.Search aria-label={ml('study.filter')} placeholder={ml('study.filter')} allowClear onSearch={setFilter} style={{ width: 220 }} />
            <Button loading={exporting.busy} onClick={() => void exporting.run('/api/v1/study/episodes/export', 'study.xlsx', { query: { orgId } })}>
              {t('common.exportExcel')}
            </Button>
            <Can permission="member.write">
              <Button type="primary" onClick={() => setPublishing(true)}>
                {ml('study.publish')}
              </Button>
            </Can>
          </Space>
        }
      >
        <Table<Episode>
          rowKey="id"
          size="small"
          loading={list.isPending && orgId !== null}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { key: 'number', title: ml('study.number'), dataIndex: 'number', sorter: (a, b) => a.number.localeCompare(b.number, 'zh-CN') },
            { key: 'title', title: ml('study.title'), dataIndex: 'title' },
            {
              key: 'period',
              title: ml('study.period'),
              render: (_, e) => `${e.startsOn} – ${e.endsOn}`,
              sorter: (a, b) => a.endsOn.localeCompare(b.endsOn),
            },
            { key: 'owner', title: ml('study.owner'), dataIndex: 'ownerName' },
            { key: 'studied', title: ml('study.participants'), render: (_, e) => `${e.studied}/${e.expected}`, sorter: (a, b) => a.studied - b.studied },
            {
              key: 'rate',
              title: ml('study.rate'),
              width: 180,
              sorter: (a, b) => a.rate - b.rate,
              render: (_, e) => <Progress percent={e.rate} size="small" aria-label={`${e.number} ${ml('study.rate')} ${e.rate}%`} />,
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, e) =>
                can('member.write') &&
                !above.has(e.ownerOrgId) && (
                  <Popconfirm
                    title={ml('study.withdrawConfirm', { name: `${e.number} ${e.title}` })}
                    okText={t('common.ok')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => withdraw(e)}
                  >
                    <Button size="small" type="link" danger aria-label={`${ml('study.withdraw')} ${e.number}`}>
                      {ml('study.withdraw')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
        {list.hasNextPage && <LoadMore hasMore loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />}
      </Card>

      <Space wrap style={{ marginBottom: 16 }}>
        <span>{ml('episode')}</span>
        <StudyEpisodeSelect orgId={orgId} value={episodeId} onChange={setEpisodeId} />
      </Space>
      {orgId !== null && (
        <Row gutter={16}>
          <Can permission="member.write">
            <Col xs={24} lg={12} style={{ marginBottom: 16 }}>
              <StudyImport orgId={orgId} orgName={org.data?.name ?? ''} episodeId={episodeId} onImported={() => void refresh()} />
            </Col>
          </Can>
          <Col xs={24} lg={can('member.write') ? 12 : 24} style={{ marginBottom: 16 }}>
            <StudyBranches orgId={orgId} episodeId={episodeId} />
          </Col>
        </Row>
      )}
      <StudyPublishModal
        open={publishing}
        onClose={() => setPublishing(false)}
        onDone={() => {
          setPublishing(false);
          void refresh();
        }}
      />
    </>
  );
}
