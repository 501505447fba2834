import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../app/i18n';

type Hit = { id: number; name: string; kind: string };

/** Searches league branches by name (public: people pick the branch they apply to). */
export function BranchPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const r = useQuery({
    queryKey: ['public-orgs', q],
    enabled: q.trim().length > 0,
    queryFn: () => api.get<{ items: Hit[] }>('/public/orgs', { q: q.trim() }),
  });
  const branches = (r.data?.items ?? []).filter((o) => o.kind === 'branch' || o.kind === 'temp_branch');
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('m.branchSearch')}
      notFoundContent={q ? t('m.noBranch') : null}
      options={branches.map((b) => ({ value: b.id, label: b.name }))}
      style={{ width: '100%' }}
    />
  );
}
