import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import dayjs from 'dayjs';
import { client, ok } from '../../api/client';
import type { Volunteer, VolunteerActivityItem } from '../../api/types';
import { useScope } from '../../app/scope';
import { SearchSelect } from '../../components/search-select';
import { useVolunteerText } from './messages';

type FieldProps<V> = {
  value?: V | null;
  onChange?: (v: V) => void;
  id?: string;
  'aria-label'?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
};

/** Active volunteers of the caller's current scope, by name or volunteer number. */
export function VolunteerSelect({ clearOnPick, ...props }: FieldProps<string> & { clearOnPick?: boolean }) {
  const t = useVolunteerText();
  const { orgId } = useScope();
  return (
    <SearchSelect<Volunteer, string>
      {...props}
      clearOnPick={clearOnPick}
      placeholder={t('vpick.volunteerHint')}
      queryKey={['volunteer-pick', orgId]}
      search={(q) =>
        ok(client.GET('/api/v1/volunteers', { params: { query: { q: q || undefined, orgId: orgId ?? undefined, status: 'active', limit: 20 } } })).then(
          (p) => p.items,
        )
      }
      toOption={(v) => ({ value: v.id, label: `${v.name}（${v.number}）` })}
    />
  );
}

/** Activities of the caller's current scope, newest first, narrowed by title as the user types. */
export function ActivitySelect(props: FieldProps<string>) {
  const t = useVolunteerText();
  const { orgId } = useScope();
  return (
    <SearchSelect<VolunteerActivityItem, string>
      {...props}
      searchEmpty
      placeholder={t('vpick.activityHint')}
      queryKey={['volunteer-activity-pick', orgId]}
      search={(q) =>
        ok(client.GET('/api/v1/volunteer-activities', { params: { query: { q: q || undefined, orgId: orgId ?? undefined, limit: 20 } } })).then((p) => p.items)
      }
      toOption={(a) => ({ value: a.id, label: a.firstStart ? `${a.title}（${dayjs(a.firstStart).format('YYYY-MM-DD')}）` : a.title })}
    />
  );
}

export const shiftLabel = (s: { startsAt: string; endsAt: string }) => `${dayjs(s.startsAt).format('YYYY-MM-DD HH:mm')}–${dayjs(s.endsAt).format('HH:mm')}`;

/** The (not cancelled) shifts of one activity; empty and disabled until an activity is chosen. */
export function ShiftSelect({ activityId, value, onChange, id, style, ...rest }: FieldProps<string> & { activityId?: string | null }) {
  const t = useVolunteerText();
  const detail = useQuery({
    queryKey: ['volunteer-activity', activityId],
    enabled: Boolean(activityId),
    queryFn: () => ok(client.GET('/api/v1/volunteer-activities/{id}', { params: { path: { id: activityId ?? '' } } })),
  });
  return (
    <Select<string>
      id={id}
      aria-label={rest['aria-label']}
      disabled={!activityId || rest.disabled}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      placeholder={t(activityId ? 'vpick.shiftHint' : 'vpick.activityFirst')}
      loading={detail.isFetching}
      options={(detail.data?.shifts ?? []).filter((s) => s.status !== 'cancelled').map((s) => ({ value: s.id, label: shiftLabel(s) }))}
      style={{ width: '100%', ...style }}
    />
  );
}
