import { client, ok } from '../api/client';
import { SearchSelect } from './search-select';

export type PublicOrgHit = { id: number; name: string; kind: string };

type Props = {
  value?: number | null;
  onChange?: (id: number) => void;
  id?: string;
  'aria-label'?: string;
  placeholder?: string;
  /** Narrows the hits, e.g. to branches only. */
  filter?: (o: PublicOrgHit) => boolean;
};

/** Any league org by name from the public list (no sign-in needed: people pick where they register). */
export function PublicOrgSelect({ filter, ...props }: Props) {
  return (
    <SearchSelect<PublicOrgHit, number>
      {...props}
      queryKey={['public-orgs']}
      search={(q) => ok(client.GET('/api/v1/public/orgs', { params: { query: { q } } })).then((r) => (filter ? r.items.filter(filter) : r.items))}
      toOption={(o) => ({ value: o.id, label: o.name })}
    />
  );
}
