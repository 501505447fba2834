import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Items, Role } from '../../api/types';
import { useI18n } from '../../app/i18n';

export function useRoles() {
  const { lang } = useI18n();
  return useQuery({ queryKey: ['roles', lang], queryFn: () => api.get<Items<Role>>('/roles') });
}
