import { client, ok } from '../../api/client';
import type { Res } from '../../api/types';
import { SearchSelect } from '../../components/search-select';
import { useM } from './m-i18n';

type Hit = Res<'/api/v1/public/orgs', 'get'>['items'][number];

/** Searches league branches by name (public: people pick the branch they apply to). */
export function BranchPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number) => void }) {
  const tm = useM();
  return (
    <SearchSelect<Hit, number>
      id={id}
      value={value}
      onChange={onChange}
      placeholder={tm('m.branchSearch')}
      notFound={tm('m.noBranch')}
      queryKey={['public-branches']}
      search={async (q) => {
        const r = await ok(client.GET('/api/v1/public/orgs', { params: { query: { q } } }));
        return r.items.filter((o) => o.kind === 'branch' || o.kind === 'temp_branch');
      }}
      toOption={(b) => ({ value: b.id, label: b.name })}
    />
  );
}
