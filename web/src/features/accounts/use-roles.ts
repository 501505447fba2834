import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../../api/client';
import { useI18n } from '../../app/i18n';

export function useRoles() {
  const { lang } = useI18n();
  return useQuery({ queryKey: ['roles', lang], queryFn: () => ok(client.GET('/api/v1/roles')) });
}
