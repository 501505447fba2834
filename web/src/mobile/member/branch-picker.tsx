import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { SearchSelect } from '../../components/search-select';

type Hit = { id: number; name: string; kind: string };

/** Searches league branches by name (public: people pick the branch they apply to). */
export function BranchPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number) => void }) {
  const { t } = useI18n();
  return (
    <SearchSelect<Hit, number>
      id={id}
      value={value}
      onChange={onChange}
      placeholder={t('m.branchSearch')}
      notFound={t('m.noBranch')}
      queryKey={['public-branches']}
      search={(q) => api.get<{ items: Hit[] }>('/public/orgs', { q }).then((r) => r.items.filter((o) => o.kind === 'branch' || o.kind === 'temp_branch'))}
      toOption={(b) => ({ value: b.id, label: b.name })}
    />
  );
}
