import { client, ok } from '../../api/client';
import type { Res } from '../../api/types';
import { useScope } from '../../app/scope';
import { SearchSelect } from '../../components/search-select';
import { useCd } from './cadre-i18n';

type Person = Res<'/api/v1/people', 'get'>['items'][number];
type Props = { value?: string | null; onChange?: (id: string) => void; id?: string; 'aria-label'?: string };

/** People in the caller's current scope, searched by name: a cadre may come from any org of the subtree. */
export function PersonSearchSelect(props: Props) {
  const cd = useCd();
  const { orgId } = useScope();
  return (
    <SearchSelect<Person, string>
      {...props}
      placeholder={cd('searchPerson')}
      queryKey={['people-pick', orgId]}
      search={async (q) => (await ok(client.GET('/api/v1/people', { params: { query: { q, orgId: orgId ?? undefined, limit: 20 } } }))).items}
      toOption={(p) => ({ value: p.id, label: `${p.name}（${p.orgName ?? ''}，${p.birthDate}）` })}
    />
  );
}
