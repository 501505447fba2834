import { skipToken, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect } from 'react';
import { client, ok } from '../../api/client';
import { useMl } from './ml-i18n';

/** The 青年大学习 issues that cover the org, latest first; picks the latest when none is chosen. */
export function StudyEpisodeSelect({ orgId, value, onChange }: { orgId: number | null; value: string | null; onChange: (id: string | null) => void }) {
  const ml = useMl();
  const episodes = useQuery({
    queryKey: ['ml-study-episodes', orgId],
    queryFn: orgId === null ? skipToken : () => ok(client.GET('/api/v1/study/episodes', { params: { query: { orgId, limit: 100 } } })),
  });
  const items = episodes.data?.items ?? [];
  const first = items[0]?.id ?? null;
  const known = value !== null && items.some((e) => e.id === value);
  // A new org may not be covered by the chosen issue: fall back to its latest.
  useEffect(() => {
    if (episodes.data && !known && value !== first) onChange(first);
  }, [episodes.data, known, value, first, onChange]);
  return (
    <Select
      aria-label={ml('episode')}
      style={{ minWidth: 280 }}
      loading={episodes.isPending && orgId !== null}
      value={value ?? undefined}
      placeholder={ml('noEpisode')}
      onChange={(v: string) => onChange(v)}
      options={items.map((e) => ({ value: e.id, label: `${e.number} ${e.title}（${e.startsOn}–${e.endsOn}）` }))}
    />
  );
}
