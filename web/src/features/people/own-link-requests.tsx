import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, List, Space } from 'antd';
import type { ReactNode } from 'react';
import { client, ok } from '../../api/client';
import { errorMessage } from '../../components/api-error';
import { useLinkText } from './messages';

/** On the phone: a sign-up whose ID number is on file waits for the keeping org; say so (else `otherwise`). */
export function PendingLinkAlert({ otherwise = null }: { otherwise?: ReactNode }) {
  const t = useLinkText();
  const profile = useQuery({ queryKey: ['self', 'profile'], queryFn: () => ok(client.GET('/api/v1/self/profile')) });
  if (profile.isLoading) return null;
  if (!profile.data?.linkPending) return otherwise;
  return <Alert type="info" showIcon title={t('pendingTitle')} description={t('pendingBody')} style={{ marginBottom: 12 }} />;
}

/** On the phone: requests an organisation made about the signed-in person (a volunteer registration), to accept or decline. */
export function OwnLinkRequests() {
  const t = useLinkText();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const own = useQuery({ queryKey: ['self', 'link-requests'], queryFn: () => ok(client.GET('/api/v1/self/link-requests')) });
  const items = own.data?.items ?? [];
  if (items.length === 0) return null;
  const decide = async (id: string, decision: 'accept' | 'decline') => {
    try {
      const path = { id };
      if (decision === 'accept') await ok(client.POST('/api/v1/self/link-requests/{id}/accept', { params: { path }, body: {} }));
      else await ok(client.POST('/api/v1/self/link-requests/{id}/decline', { params: { path }, body: {} }));
      await qc.invalidateQueries({ queryKey: ['self'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ownTitle')}</h2>} style={{ marginBottom: 12 }}>
      <List
        dataSource={items}
        renderItem={(r) => (
          <List.Item
            actions={[
              <Space key="decide">
                <Button size="small" type="primary" onClick={() => void decide(r.id, 'accept')}>
                  {t('ownAccept')}
                </Button>
                <Button size="small" onClick={() => void decide(r.id, 'decline')}>
                  {t('ownDecline')}
                </Button>
              </Space>,
            ]}
          >
            {t('ownVolunteer', { org: r.orgName, date: r.requestedOn })}
          </List.Item>
        )}
      />
    </Card>
  );
}
