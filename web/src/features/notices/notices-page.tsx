import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Switch, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { PageTitle } from '../../components/page-title';
import { usePaged } from '../../components/use-paged';
import { useNoticesText } from './messages';

export function NoticesPage() {
  const t = useNoticesText();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = usePaged('/api/v1/me/notices', { unread: unreadOnly || undefined }, { key: ['notices'] });

  const refresh = () => qc.invalidateQueries({ queryKey: ['notices'] });
  const markRead = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/me/notices/{id}/read', { params: { path: { id } } }));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const readAll = async () => {
    try {
      await ok(client.POST('/api/v1/me/notices/read-all'));
      message.success(t('allRead'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Card
        extra={
          <Space>
            <Space>
              <Switch checked={unreadOnly} onChange={setUnreadOnly} aria-label={t('unreadOnly')} />
              {t('unreadOnly')}
            </Space>
            <Button onClick={() => void readAll()}>{t('readAll')}</Button>
          </Space>
        }
      >
        <Table
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.rows}
          pagination={false}
          locale={{ emptyText: t('empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('time'), dataIndex: 'createdAt', width: 160, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            {
              title: t('subject'),
              key: 'title',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <span style={{ fontWeight: r.readAt ? 400 : 600 }}>{r.title[lang]}</span>
                  {r.body && <span style={{ color: 'rgba(0,0,0,0.65)' }}>{r.body[lang]}</span>}
                </Space>
              ),
            },
            { title: t('state'), key: 'state', width: 90, render: (_, r) => (r.readAt ? <Tag>{t('read')}</Tag> : <Tag color="blue">{t('unread')}</Tag>) },
            {
              title: '',
              key: 'actions',
              width: 180,
              render: (_, r) => (
                <Space>
                  {r.link && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        if (!r.readAt) void markRead(r.id);
                        navigate(r.link ?? '/');
                      }}
                    >
                      {t('open')}
                    </Button>
                  )}
                  {!r.readAt && (
                    <Button size="small" type="link" onClick={() => void markRead(r.id)}>
                      {t('markRead')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      </Card>
    </>
  );
}
