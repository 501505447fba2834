import { Button, Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
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
const MembersPage = lazy(() => import('../features/members/members-page').then((m) => ({ default: m.MembersPage })));
const MemberDetailPage = lazy(() => import('../features/members/member-detail-page').then((m) => ({ default: m.MemberDetailPage })));
const DevelopmentPage = lazy(() => import('../features/members/development-page').then((m) => ({ default: m.DevelopmentPage })));
const MemberApplyPage = lazy(() => import('../mobile/member/apply-page').then((m) => ({ default: m.ApplyPage })));
const MemberStagePage = lazy(() => import('../mobile/member/stage-page').then((m) => ({ default: m.StagePage })));
const HoursPage = lazy(() => import('../features/volunteer-hours/hours-page').then((m) => ({ default: m.HoursPage })));
const CheckinPage = lazy(() => import('../features/volunteer-hours/checkin-page').then((m) => ({ default: m.CheckinPage })));
const KioskPage = lazy(() => import('../features/volunteer-hours/kiosk-page').then((m) => ({ default: m.KioskPage })));
const VerifyPage = lazy(() => import('../features/volunteer-hours/verify-page').then((m) => ({ default: m.VerifyPage })));
const VolunteerApp = lazy(() => import('../mobile/volunteer/volunteer-app').then((m) => ({ default: m.VolunteerApp })));
const VolunteersPage = lazy(() => import('../features/volunteers/volunteers-page').then((m) => ({ default: m.VolunteersPage })));
const VolunteerActivitiesPage = lazy(() => import('../features/volunteers/activities-page').then((m) => ({ default: m.ActivitiesPage })));
const VolunteerActivityPage = lazy(() => import('../features/volunteers/activity-detail-page').then((m) => ({ default: m.ActivityDetailPage })));
const VolunteerGroupsPage = lazy(() => import('../features/volunteers/groups-page').then((m) => ({ default: m.GroupsPage })));
const VolunteerDashboardPage = lazy(() => import('../features/volunteers/volunteer-dashboard-page').then((m) => ({ default: m.VolunteerDashboardPage })));
const MemberLifePage = lazy(() => import('../features/member-life/member-life-page').then((m) => ({ default: m.MemberLifePage })));
const MyDuesPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyDuesPage })));
const MyRegistrationPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyRegistrationPage })));
const MyTransferPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyTransferPage })));
const MyStudyPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyStudyPage })));
const MePage = lazy(() => import('../features/me/me-page').then((m) => ({ default: m.MePage })));
const CadresPage = lazy(() => import('../features/cadres/cadres-page').then((m) => ({ default: m.CadresPage })));
const OrgLifePage = lazy(() => import('../features/org-life/org-life-page').then((m) => ({ default: m.OrgLifePage })));
const RatingPage = lazy(() => import('../features/org-life/rating-page').then((m) => ({ default: m.RatingPage })));

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
        path="/m/dues"
        element={
          <Suspense fallback={<Spin />}>
            <MyDuesPage />
          </Suspense>
        }
      />
      <Route
        path="/m/registration"
        element={
          <Suspense fallback={<Spin />}>
            <MyRegistrationPage />
          </Suspense>
        }
      />
      <Route
        path="/m/transfer"
        element={
          <Suspense fallback={<Spin />}>
            <MyTransferPage />
          </Suspense>
        }
      />
      <Route
        path="/m/study"
        element={
          <Suspense fallback={<Spin />}>
            <MyStudyPage />
          </Suspense>
        }
      />
      <Route
        path="/m/member"
        element={
          <Suspense fallback={<Spin />}>
            <MemberApplyPage />
          </Suspense>
        }
      />
      <Route
        path="/m/member/stage"
        element={
          <Suspense fallback={<Spin />}>
            <MemberStagePage />
          </Suspense>
        }
      />
      <Route
        path="/m/volunteer"
        element={
          <Suspense fallback={<Spin />}>
            <VolunteerApp />
          </Suspense>
        }
      />
      <Route
        path="/kiosk/checkin/:shiftId"
        element={
          <RequireAuth>
            <Suspense fallback={<Spin />}>
              <KioskPage />
            </Suspense>
          </RequireAuth>
        }
      />
      {['/verify', '/verify/:code'].map((path) => (
        <Route
          key={path}
          path={path}
          element={
            <Suspense fallback={<Spin />}>
              <VerifyPage />
            </Suspense>
          }
        />
      ))}
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
        <Route path="members" element={<MembersPage />} />
        <Route path="members/:id" element={<MemberDetailPage />} />
        <Route path="development" element={<DevelopmentPage />} />
        <Route path="member-life" element={<MemberLifePage />} />
        <Route path="member-life/:tab" element={<MemberLifePage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="volunteer-hours" element={<HoursPage />} />
        <Route path="volunteer-hours/checkin" element={<CheckinPage />} />
        <Route path="me" element={<MePage />} />
        <Route path="volunteers" element={<VolunteersPage />} />
        <Route path="volunteer-activities" element={<VolunteerActivitiesPage />} />
        <Route path="volunteer-activities/:id" element={<VolunteerActivityPage />} />
        <Route path="volunteer-groups" element={<VolunteerGroupsPage />} />
        <Route path="volunteer-dashboard" element={<VolunteerDashboardPage />} />
        <Route path="cadres" element={<CadresPage />} />
        <Route path="org-life" element={<OrgLifePage />} />
        <Route path="rating" element={<RatingPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
