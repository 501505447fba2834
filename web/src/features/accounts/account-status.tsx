import { Badge } from 'antd';
import type { AccountStatus } from '../../api/types';
import { useAccountText } from './messages';

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const t = useAccountText();
  return <Badge status={status === 'active' ? 'success' : 'default'} text={t(`status.${status}`)} />;
}
