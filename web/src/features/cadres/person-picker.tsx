import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Page, Res } from '../../api/types';
import { useScope } from '../../app/scope';
import { useCd } from './cadre-i18n';

type Person = Res<'/api/v1/people', 'get'>['items'][number];
type Props = { value?: string | null; onChange?: (id: string) => void; id?: string; 'aria-label'?: string };

/** People in the caller's current scope, searched by name: a cadre may come from any org of the subtree. */
export function PersonSearchSelect({ value, onChange, id, ...rest }: Props) {
  const cd = useCd();
  const { orgId } = useScope();
  const [q, setQ] = useState('');
  // The chosen person's label, kept when a later search no longer lists them.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useQuery({
    queryKey: ['people-pick', orgId, q],
    enabled: q.trim().length > 0,
    queryFn: () => api.get<Page<Person>>('/people', { q: q.trim(), orgId, limit: 20 }),
  });
  const options = (found.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.orgName ?? ''}，${p.birthDate}）` }));
  if (chosen && chosen.value === value && !options.some((o) => o.value === value)) options.push(chosen);
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v, opt) => {
        if (opt && !Array.isArray(opt)) setChosen({ value: v, label: String(opt.label) });
        onChange?.(v);
      }}
      placeholder={cd('searchPerson')}
      notFoundContent={null}
      loading={found.isFetching}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
