import { Badge } from 'antd';
import type { OrgStatus } from '../../api/types';
import { useOrgText } from './messages';

const BADGE: Record<OrgStatus, 'success' | 'default' | 'warning'> = {
  active: 'success',
  closed: 'default',
  merged: 'warning',
};

export function OrgStatusBadge({ status }: { status: OrgStatus }) {
  const t = useOrgText();
  return <Badge status={BADGE[status]} text={t(`status.${status}`)} />;
}
