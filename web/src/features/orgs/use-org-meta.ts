import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { OrgMeta } from '../../api/types';
import { useI18n } from '../../app/i18n';

export function useOrgMeta() {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ['orgs', 'meta', lang],
    queryFn: () => api.get<OrgMeta>('/orgs/meta'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
