import { Badge } from 'antd';
import type { AccountStatus } from '../../api/types';
import { useI18n } from '../../app/i18n';

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const { t } = useI18n();
  return <Badge status={status === 'active' ? 'success' : 'default'} text={t(`acc.status.${status}`)} />;
}
