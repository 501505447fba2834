import { Tabs } from 'antd';
import { useCan } from '../../app/auth';
import { PageTitle } from '../../components/page-title';
import { useOl } from './ol-i18n';
import { RatingReview } from './rating-review';
import { RatingSelf } from './rating-self';

export function RatingPage() {
  const ol = useOl();
  const can = useCan();
  const tabs = [
    ...(can('orglife.write') ? [{ key: 'self', label: ol('rt.tab.self'), children: <RatingSelf /> }] : []),
    { key: 'review', label: ol('rt.tab.review'), children: <RatingReview /> },
  ];
  return (
    <>
      <PageTitle>{ol('rt.title')}</PageTitle>
      <Tabs items={tabs} />
    </>
  );
}
