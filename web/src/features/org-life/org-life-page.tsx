import { Tabs } from 'antd';
import { PageTitle } from '../../components/page-title';
import { ComplianceTab } from './compliance-tab';
import { MeetingsTab } from './meetings-tab';
import { useOl } from './ol-i18n';

export function OrgLifePage() {
  const ol = useOl();
  return (
    <>
      <PageTitle>{ol('ol.title')}</PageTitle>
      <Tabs
        items={[
          { key: 'meetings', label: ol('ol.tab.meetings'), children: <MeetingsTab /> },
          { key: 'compliance', label: ol('ol.tab.compliance'), children: <ComplianceTab /> },
        ]}
      />
    </>
  );
}
