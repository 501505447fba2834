import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Spin, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import { client, ok } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { LangSwitch } from '../../app/lang-switch';
import { ErrorAlert } from '../../components/api-error';
import { OwnLinkRequests, PendingLinkAlert } from '../../features/people/own-link-requests';
import { useHoursText } from '../../features/volunteer-hours/messages';
import { ActivitiesTab } from './activities-tab';
import { MineTab } from './mine-tab';
import { BecomeVolunteer, RegisterCard } from './register';
import { ScanTab } from './scan-tab';

function Signed() {
  const t = useHoursText();
  const qc = useQueryClient();
  const [tab, setTab] = useState('activities');
  const self = useQuery({ queryKey: ['self', 'volunteer'], queryFn: () => ok(client.GET('/api/v1/self/volunteer')) });
  const mine = useQuery({
    queryKey: ['self', 'volunteer-hours'],
    enabled: Boolean(self.data?.volunteer),
    queryFn: () => ok(client.GET('/api/v1/self/volunteer-hours')),
  });
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: ['self', 'volunteer-hours'] }), [qc]);
  if (self.isLoading) return <Spin />;
  // A sign-up whose ID number is on file has no person until the keeping org links it.
  if (self.error) return <PendingLinkAlert otherwise={<ErrorAlert error={self.error} />} />;
  if (!self.data?.volunteer)
    return (
      <>
        <OwnLinkRequests />
        <BecomeVolunteer />
      </>
    );
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      centered
      items={[
        { key: 'activities', label: t('vm.tabActivities'), children: <ActivitiesTab /> },
        { key: 'scan', label: t('vm.tabScan'), children: <ScanTab onScanned={refresh} /> },
        {
          key: 'mine',
          label: t('vm.tabMine'),
          children: mine.data ? <MineTab data={mine.data} /> : <ErrorAlert error={mine.error} />,
        },
      ]}
    />
  );
}

/** /m/volunteer: the volunteer's phone, 390 px wide and up. */
export function VolunteerApp() {
  const t = useHoursText();
  const { t: tc } = useI18n();
  const { me, loading, logout } = useAuth();
  return (
    <App>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 12, minHeight: '100vh', background: '#f5f5f5' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <h1 style={{ fontSize: 20, margin: 0 }}>{t('vm.title')}</h1>
          <Flex gap={4} align="center">
            <LangSwitch />
            {me && (
              <Button size="small" onClick={() => void logout()}>
                {tc('user.logout')}
              </Button>
            )}
          </Flex>
        </Flex>
        {loading ? <Spin /> : me ? <Signed /> : <RegisterCard />}
      </main>
    </App>
  );
}
