import { Tabs } from 'antd';
import { useAuth } from '../../app/auth';
import { PageTitle } from '../../components/page-title';
import { ComplianceTab } from './compliance-tab';
import { MeetingsTab } from './meetings-tab';
import { useOl } from './ol-i18n';

export function OrgLifePage() {
  const ol = useOl();
  const { can } = useAuth();
  return (
    <>
      <PageTitle>{ol('ol.title')}</PageTitle>
      <Tabs
        items={[
          { key: 'meetings', label: ol('ol.tab.meetings'), children: <MeetingsTab canWrite={can('orglife.write')} /> },
          { key: 'compliance', label: ol('ol.tab.compliance'), children: <ComplianceTab /> },
        ]}
      />
    </>
  );
}
