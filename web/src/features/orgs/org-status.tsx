import { Badge } from 'antd';
import type { OrgStatus } from '../../api/types';
import { useI18n } from '../../app/i18n';

const BADGE: Record<OrgStatus, 'success' | 'default' | 'warning'> = {
  active: 'success',
  closed: 'default',
  merged: 'warning',
};

export function OrgStatusBadge({ status }: { status: OrgStatus }) {
  const { t } = useI18n();
  return <Badge status={BADGE[status]} text={t(`org.status.${status}`)} />;
}
