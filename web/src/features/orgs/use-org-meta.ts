import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';

export function useOrgMeta() {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ['orgs', 'meta', lang],
    queryFn: () => ok(client.GET('/api/v1/orgs/meta')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
