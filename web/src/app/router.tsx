import { Button, Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { Can, Forbidden, RequireAuth } from './auth';
import { useI18n } from './i18n';
import { AppLayout } from './layout';
import { type ConsolePage, consolePages } from './routes';
import { ScopeProvider } from './scope';

// Public and phone pages: outside the console and its menu.
const MemberApplyPage = lazy(() => import('../mobile/member/apply-page').then((m) => ({ default: m.ApplyPage })));
const MemberStagePage = lazy(() => import('../mobile/member/stage-page').then((m) => ({ default: m.StagePage })));
const KioskPage = lazy(() => import('../features/volunteer-hours/kiosk-page').then((m) => ({ default: m.KioskPage })));
const VerifyPage = lazy(() => import('../features/volunteer-hours/verify-page').then((m) => ({ default: m.VerifyPage })));
const VolunteerApp = lazy(() => import('../mobile/volunteer/volunteer-app').then((m) => ({ default: m.VolunteerApp })));
const YouthVoiceApp = lazy(() => import('../mobile/youth-voice/youth-voice-app').then((m) => ({ default: m.YouthVoiceApp })));
const MyDuesPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyDuesPage })));
const MyRegistrationPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyRegistrationPage })));
const MyTransferPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyTransferPage })));
const MyStudyPage = lazy(() => import('../mobile/member-life/member-life-mobile').then((m) => ({ default: m.MyStudyPage })));
const ContactLogPhonePage = lazy(() => import('../mobile/contact-work/contact-log-page').then((m) => ({ default: m.ContactLogPage })));
const HotlineHelpPage = lazy(() => import('../mobile/hotline/hotline-app').then((m) => ({ default: m.HotlineHelpPage })));
const HotlineSurveyPage = lazy(() => import('../mobile/hotline/hotline-app').then((m) => ({ default: m.HotlineSurveyPage })));

/** A console page, or the 403 result when the account lacks the page's permission. */
function Guarded({ page: Page, permission }: Pick<ConsolePage, 'page' | 'permission'>) {
  if (!permission) return <Page />;
  return (
    <Can permission={permission} fallback={<Forbidden />}>
      <Page />
    </Can>
  );
}

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
        path="/m/contact-work"
        element={
          <Suspense fallback={<Spin />}>
            <ContactLogPhonePage />
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
        path="/m/hotline"
        element={
          <Suspense fallback={<Spin />}>
            <HotlineHelpPage />
          </Suspense>
        }
      />
      <Route
        path="/m/hotline/survey/:token"
        element={
          <Suspense fallback={<Spin />}>
            <HotlineSurveyPage />
          </Suspense>
        }
      />
      <Route
        path="/m/youth-voice"
        element={
          <Suspense fallback={<Spin />}>
            <YouthVoiceApp />
          </Suspense>
        }
      />
      <Route
        path="/kiosk/checkin/:shiftId"
        element={
          <RequireAuth>
            <Suspense fallback={<Spin />}>
              <Guarded page={KioskPage} permission="volunteer.write" />
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
        {consolePages.map((p) => (
          <Route key={p.path} path={p.path} element={<Guarded page={p.page} permission={p.permission} />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
