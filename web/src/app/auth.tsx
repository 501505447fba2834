import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Flex, Result, Spin } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { Permission } from '../../../server/src/platform/access/roles.ts';
import { ApiError, client, ok, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Me } from '../api/types';
import { useI18n } from './i18n';

// The server's permission names (a type-only import: nothing of the server reaches the bundle).
export type { Permission };

type Auth = {
  me: Me | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  can: (permission: Permission) => boolean;
};

const AuthContext = createContext<Auth | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await ok(client.GET('/api/v1/auth/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { data, isPending } = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      qc.setQueryData(ME_KEY, null);
      if (window.location.pathname !== '/login') navigate('/login', { replace: true });
    });
  }, [qc, navigate]);

  const login = useCallback(
    async (username: string, password: string) => {
      const me = await ok(client.POST('/api/v1/auth/login', { body: { username, password } }));
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(ME_KEY, me);
      return me;
    },
    [qc],
  );

  const logout = useCallback(async () => {
    try {
      await ok(client.POST('/api/v1/auth/logout'));
    } finally {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    }
  }, [qc, navigate]);

  const value = useMemo<Auth>(() => {
    const me = data ?? null;
    const perms = new Set(me?.permissions ?? []);
    return { me, loading: isPending, login, logout, can: (p) => perms.has(p) };
  }, [data, isPending, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // The server refuses everything else (403 password_change_required) until the password is changed.
  if (me.account.mustChangePassword && location.pathname !== '/me') return <Navigate to="/me" replace />;
  return children;
}

/** Whether the signed-in account holds a permission: `const can = useCan(); can('org.write')`. */
export function useCan(): (permission: Permission) => boolean {
  return useAuth().can;
}

/** Shows its children only to accounts holding `permission` (write buttons, admin links). */
export function Can({ permission, children, fallback = null }: { permission: Permission; children: ReactNode; fallback?: ReactNode }) {
  return useAuth().can(permission) ? children : fallback;
}

/** A page the account may not open: what its route shows instead (the menu hides the link too). */
export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('forbidden.title')}</h1>} subTitle={t('forbidden.detail')} />;
}
