import { Button, Tabs } from 'antd';
import { Link } from 'react-router';
import { Can } from '../../app/auth';
import { PageTitle } from '../../components/page-title';
import { CertificatesTab, StarsTab } from './awards-tabs';
import { ClaimsTab, EntriesTab } from './hours-tabs';
import { useHoursText } from './messages';
import { RankingTab } from './ranking-tab';

/** Hours approval, the ledger, star certification and certificates of the selected org's subtree. */
export function HoursPage() {
  const t = useHoursText();
  return (
    <>
      <PageTitle
        extra={
          <Can permission="volunteer.write">
            <Link to="/volunteer-hours/checkin">
              <Button>{t('vh.checkinTitle')}</Button>
            </Link>
          </Can>
        }
      >
        {t('vh.title')}
      </PageTitle>
      <Tabs
        items={[
          { key: 'claims', label: t('vh.tabClaims'), children: <ClaimsTab /> },
          { key: 'entries', label: t('vh.tabEntries'), children: <EntriesTab /> },
          { key: 'ranking', label: t('vh.tabRanking'), children: <RankingTab /> },
          { key: 'stars', label: t('vh.tabStars'), children: <StarsTab /> },
          { key: 'certificates', label: t('vh.tabCertificates'), children: <CertificatesTab /> },
        ]}
      />
    </>
  );
}
