import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../components/page-title';
import { CadresTab } from './cadres-tab';
import { LogsTab } from './logs-tab';
import { useCw } from './messages';
import { MyBookTab, useMyBook } from './my-book-tab';
import { PairingsTab } from './pairings-tab';
import { ProposalsTab } from './proposals-tab';
import { ReportsTab } from './reports-tab';
import { VisitsTab } from './visits-tab';

const tabs = ['mine', 'cadres', 'logs', 'visits', 'reports', 'proposals', 'pairings'] as const;

/** Contact work: the cadre's own book, every cadre's progress, logs, visits, reports, proposals, pairings. */
export function ContactWorkPage() {
  const cw = useCw();
  const [params, setParams] = useSearchParams();
  // The same query as the book tab (one request): an account that keeps no book opens on every cadre's progress.
  const book = useMyBook();
  const fallback = book.data && !book.data.cadre ? 'cadres' : 'mine';
  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof tabs)[number]) : fallback;
  const body = {
    mine: <MyBookTab />,
    cadres: <CadresTab />,
    logs: <LogsTab />,
    visits: <VisitsTab />,
    reports: <ReportsTab />,
    proposals: <ProposalsTab />,
    pairings: <PairingsTab />,
  };
  return (
    <>
      <PageTitle>{cw('title')}</PageTitle>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', k);
              return next;
            },
            { replace: true },
          )
        }
        items={tabs.map((k) => ({ key: k, label: cw(`tab.${k}`), children: body[k] }))}
      />
    </>
  );
}
