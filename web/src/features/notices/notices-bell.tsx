import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { useNoticesText } from './messages';

// Under ['notices'], so marking read on the message centre refreshes the count too.
const UNREAD_KEY = ['notices', 'unread'] as const;

/** The bell in the console's header: the unread count, refreshed each minute; opens the message centre. */
export function NoticesBell() {
  const t = useNoticesText();
  const navigate = useNavigate();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => ok(client.GET('/api/v1/me/notices/unread-count')),
    refetchInterval: 60_000,
  });
  const n = unread.data?.unread ?? 0;
  return (
    <Button type="text" aria-label={n > 0 ? `${t('bell')} (${n})` : t('bell')} onClick={() => navigate('/notices')}>
      <Badge count={n} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
}
