import { Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { PageTitle } from '../../components/page-title';
import { useMl } from './ml-i18n';

const TransfersPage = lazy(() => import('./transfers-page').then((m) => ({ default: m.TransfersPage })));
const DuesPage = lazy(() => import('./dues-page').then((m) => ({ default: m.DuesPage })));
const AnnualPage = lazy(() => import('./annual-page').then((m) => ({ default: m.AnnualPage })));
const LeavingPage = lazy(() => import('./leaving-page').then((m) => ({ default: m.LeavingPage })));
const PartyPage = lazy(() => import('./party-page').then((m) => ({ default: m.PartyPage })));
const StudyPage = lazy(() => import('./study-page').then((m) => ({ default: m.StudyPage })));

const tabs = { transfers: TransfersPage, dues: DuesPage, annual: AnnualPage, leaving: LeavingPage, party: PartyPage, study: StudyPage } as const;
type Tab = keyof typeof tabs;

/** One console page with a tab per topic; each tab has its own URL (/member-life/<tab>). */
export function MemberLifePage() {
  const ml = useMl();
  const navigate = useNavigate();
  const { tab } = useParams();
  const active: Tab = tab && tab in tabs ? (tab as Tab) : 'transfers';
  const Current = tabs[active];
  return (
    <>
      <PageTitle>{ml('title')}</PageTitle>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/member-life/${k}${window.location.search}`)}
        items={(Object.keys(tabs) as Tab[]).map((k) => ({ key: k, label: ml(`tab.${k}`) }))}
      />
      <Suspense fallback={null}>
        <Current />
      </Suspense>
    </>
  );
}
