import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Member, Page } from '../../api/types';
import { useScope } from '../../app/scope';
import { useMl } from './ml-i18n';

type PickerProps = { value?: number | string | null; onChange?: (v: never) => void; id?: string; 'aria-label'?: string };

/** Any league org by name (names are public): a transfer's destination may be in another county. */
export function OrgSearchSelect({ value, onChange, id, ...rest }: PickerProps) {
  const ml = useMl();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['public-orgs', q],
    enabled: q.trim().length > 0,
    queryFn: () => api.get<{ items: { id: number; name: string; kind: string }[] }>('/public/orgs', { q: q.trim() }),
  });
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v as never)}
      placeholder={ml('searchOrg')}
      notFoundContent={null}
      options={(found.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
      style={{ width: '100%' }}
    />
  );
}

/** Active members in the caller's current scope, searched by name. */
export function MemberSearchSelect({ value, onChange, id, ...rest }: PickerProps) {
  const ml = useMl();
  const { orgId } = useScope();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['members-pick', orgId, q],
    enabled: q.trim().length > 0,
    queryFn: () => api.get<Page<Member>>('/members', { q: q.trim(), orgId, status: 'active', limit: 20 }),
  });
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v as never)}
      placeholder={ml('searchMember')}
      notFoundContent={null}
      options={(found.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }))}
      style={{ width: '100%' }}
    />
  );
}
