import { client, ok } from '../../api/client';
import type { Member } from '../../api/types';
import { useScope } from '../../app/scope';
import { PublicOrgSelect } from '../../components/public-org-select';
import { SearchSelect } from '../../components/search-select';
import { useMl } from './ml-i18n';

type PickerProps = { value?: number | string | null; onChange?: (v: never) => void; id?: string; 'aria-label'?: string };

/** Any league org by name (names are public): a transfer's destination may be in another county. */
export function OrgSearchSelect({ value, onChange, ...rest }: PickerProps) {
  const ml = useMl();
  return <PublicOrgSelect {...rest} value={typeof value === 'number' ? value : null} onChange={(v) => onChange?.(v as never)} placeholder={ml('searchOrg')} />;
}

/** Active members the caller may act on (member.write) in its current scope, searched by name: the pickers start changes. */
export function MemberSearchSelect({ value, onChange, ...rest }: PickerProps) {
  const ml = useMl();
  const { orgId } = useScope();
  return (
    <SearchSelect<Member, string>
      {...rest}
      value={typeof value === 'string' ? value : null}
      onChange={(v) => onChange?.(v as never)}
      placeholder={ml('searchMember')}
      queryKey={['members-pick', orgId]}
      search={async (q) =>
        (await ok(client.GET('/api/v1/members', { params: { query: { q, orgId: orgId ?? undefined, status: 'active', writable: true, limit: 20 } } }))).items
      }
      toOption={(m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` })}
    />
  );
}
