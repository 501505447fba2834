import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { client, ok } from '../api/client';
import type { Org } from '../api/types';
import { defaultPeriod, type Period, parsePeriod } from './period';

type Scope = {
  roots: Org[];
  orgId: number | null;
  setOrgId: (id: number) => void;
  period: Period;
  setPeriod: (p: Period) => void;
};

const ScopeContext = createContext<Scope | null>(null);

export function useRoots() {
  return useQuery({ queryKey: ['orgs', 'roots'], queryFn: () => ok(client.GET('/api/v1/orgs/roots')) });
}

/** Selected org and period, mirrored into the URL query (org, period, from, to) so links keep them. */
export function ScopeProvider({ children }: { children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const roots = useRoots().data?.items;
  const [orgId, setOrgId] = useState<number | null>(() => {
    const n = Number(params.get('org'));
    return Number.isInteger(n) && n > 0 ? n : null;
  });
  const [period, setPeriod] = useState<Period>(() => parsePeriod(params.get('period'), params.get('from'), params.get('to')) ?? defaultPeriod());

  useEffect(() => {
    if (orgId === null && roots?.length) setOrgId(roots[0].id);
  }, [orgId, roots]);

  useEffect(() => {
    const want: Record<string, string> = { period: period.kind, from: period.from, to: period.to };
    if (orgId !== null) want.org = String(orgId);
    if (Object.entries(want).every(([k, v]) => params.get(k) === v)) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(want)) next.set(k, v);
        return next;
      },
      { replace: true },
    );
  }, [orgId, period, params, setParams]);

  const value = useMemo<Scope>(() => ({ roots: roots ?? [], orgId, setOrgId, period, setPeriod }), [roots, orgId, period]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): Scope {
  const ctx = useContext(ScopeContext);
  if (!ctx) throw new Error('useScope outside ScopeProvider');
  return ctx;
}
