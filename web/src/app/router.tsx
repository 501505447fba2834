import { Button, Result } from 'antd';
import { lazy } from 'react';
import { Link, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { RequireAuth } from './auth';
import { useI18n } from './i18n';
import { AppLayout } from './layout';
import { ScopeProvider } from './scope';

// Pages load on demand; the dashboard pulls in ECharts, which the other pages do not need.
const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })));
const OrgsPage = lazy(() => import('../features/orgs/orgs-page').then((m) => ({ default: m.OrgsPage })));
const AccountsPage = lazy(() => import('../features/accounts/accounts-page').then((m) => ({ default: m.AccountsPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const MePage = lazy(() => import('../features/me/me-page').then((m) => ({ default: m.MePage })));

function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('notFound.title')}</h1>}
      extra={
        <Link to="/">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <ScopeProvider>
              <AppLayout />
            </ScopeProvider>
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="orgs" element={<OrgsPage />} />
        <Route path="orgs/:id" element={<OrgsPage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="me" element={<MePage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
