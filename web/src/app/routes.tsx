import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ContactsOutlined,
  ClockCircleOutlined,
  CrownOutlined,
  DashboardOutlined,
  FlagOutlined,
  GiftOutlined,
  HeartOutlined,
  IdcardOutlined,
  LinkOutlined,
  MessageOutlined,
  PartitionOutlined,
  PhoneOutlined,
  ReadOutlined,
  RiseOutlined,
  ScheduleOutlined,
  SmileOutlined,
  SolutionOutlined,
  StarOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Permission } from './auth';
import type { MessageKey } from './messages';

/** One console page: its route, what it needs, and (for the pages the menu lists) its menu entry. */
export type ConsolePage = {
  /** Absolute path inside the console layout. */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Without it the route shows a 403 and the menu leaves the page out; none = every signed-in account. */
  permission?: Permission;
  menu?: { label: Extract<MessageKey, `menu.${string}`>; icon: ReactNode };
};

// Pages load on demand; the dashboard pulls in ECharts, which the other pages do not need.
const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })));
const OrgsPage = lazy(() => import('../features/orgs/orgs-page').then((m) => ({ default: m.OrgsPage })));
const AccountsPage = lazy(() => import('../features/accounts/accounts-page').then((m) => ({ default: m.AccountsPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const MembersPage = lazy(() => import('../features/members/members-page').then((m) => ({ default: m.MembersPage })));
const MemberDetailPage = lazy(() => import('../features/members/member-detail-page').then((m) => ({ default: m.MemberDetailPage })));
const DevelopmentPage = lazy(() => import('../features/members/development-page').then((m) => ({ default: m.DevelopmentPage })));
const HoursPage = lazy(() => import('../features/volunteer-hours/hours-page').then((m) => ({ default: m.HoursPage })));
const CheckinPage = lazy(() => import('../features/volunteer-hours/checkin-page').then((m) => ({ default: m.CheckinPage })));
const VolunteersPage = lazy(() => import('../features/volunteers/volunteers-page').then((m) => ({ default: m.VolunteersPage })));
const VolunteerActivitiesPage = lazy(() => import('../features/volunteers/activities-page').then((m) => ({ default: m.ActivitiesPage })));
const VolunteerActivityPage = lazy(() => import('../features/volunteers/activity-detail-page').then((m) => ({ default: m.ActivityDetailPage })));
const VolunteerGroupsPage = lazy(() => import('../features/volunteers/groups-page').then((m) => ({ default: m.GroupsPage })));
const VolunteerDashboardPage = lazy(() => import('../features/volunteers/volunteer-dashboard-page').then((m) => ({ default: m.VolunteerDashboardPage })));
const MemberLifePage = lazy(() => import('../features/member-life/member-life-page').then((m) => ({ default: m.MemberLifePage })));
const NoticesPage = lazy(() => import('../features/notices/notices-page').then((m) => ({ default: m.NoticesPage })));
const MePage = lazy(() => import('../features/me/me-page').then((m) => ({ default: m.MePage })));
const LinkRequestsPage = lazy(() => import('../features/people/link-requests-page').then((m) => ({ default: m.LinkRequestsPage })));
const CadresPage = lazy(() => import('../features/cadres/cadres-page').then((m) => ({ default: m.CadresPage })));
const OrgLifePage = lazy(() => import('../features/org-life/org-life-page').then((m) => ({ default: m.OrgLifePage })));
const RatingPage = lazy(() => import('../features/org-life/rating-page').then((m) => ({ default: m.RatingPage })));
const ContactWorkPage = lazy(() => import('../features/contact-work/contact-work-page').then((m) => ({ default: m.ContactWorkPage })));
const SuggestionsPage = lazy(() => import('../features/contact-work/suggestions-page').then((m) => ({ default: m.SuggestionsPage })));
const SuggestionDetailPage = lazy(() => import('../features/contact-work/suggestion-detail-page').then((m) => ({ default: m.SuggestionDetailPage })));
const YvQuestionsPage = lazy(() => import('../features/youth-voice/questions-page').then((m) => ({ default: m.QuestionsPage })));
const YvQuestionPage = lazy(() => import('../features/youth-voice/question-detail-page').then((m) => ({ default: m.QuestionDetailPage })));
const YvWishesPage = lazy(() => import('../features/youth-voice/wishes-page').then((m) => ({ default: m.WishesPage })));
const YvWishPage = lazy(() => import('../features/youth-voice/wish-detail-page').then((m) => ({ default: m.WishDetailPage })));
const HotlineCasesPage = lazy(() => import('../features/hotline/cases-page').then((m) => ({ default: m.CasesPage })));
const HotlineBreachesPage = lazy(() => import('../features/hotline/cases-page').then((m) => ({ default: m.BreachesPage })));
const HotlineCasePage = lazy(() => import('../features/hotline/case-detail-page').then((m) => ({ default: m.CaseDetailPage })));
const HotlineRosterPage = lazy(() => import('../features/hotline/roster-page').then((m) => ({ default: m.RosterPage })));
const HotlineLecturesPage = lazy(() => import('../features/hotline/lectures-page').then((m) => ({ default: m.LecturesPage })));
const HotlineStatsPage = lazy(() => import('../features/hotline/stats-page').then((m) => ({ default: m.StatsPage })));

/**
 * The console, in menu order: the router and the menu are both built from this list. Each
 * permission is the one the page's own lists ask the server for.
 */
export const consolePages: ConsolePage[] = [
  { path: '/', page: DashboardPage, permission: 'metrics.read', menu: { label: 'menu.dashboard', icon: <DashboardOutlined /> } },
  { path: '/orgs', page: OrgsPage, permission: 'org.read', menu: { label: 'menu.orgs', icon: <PartitionOutlined /> } },
  { path: '/orgs/:id', page: OrgsPage, permission: 'org.read' },
  { path: '/members', page: MembersPage, permission: 'member.read', menu: { label: 'menu.members', icon: <IdcardOutlined /> } },
  { path: '/members/:id', page: MemberDetailPage, permission: 'member.read' },
  { path: '/development', page: DevelopmentPage, permission: 'member.read', menu: { label: 'menu.development', icon: <RiseOutlined /> } },
  { path: '/org-life', page: OrgLifePage, permission: 'member.read', menu: { label: 'menu.orgLife', icon: <ScheduleOutlined /> } },
  { path: '/rating', page: RatingPage, permission: 'member.read', menu: { label: 'menu.rating', icon: <StarOutlined /> } },
  { path: '/cadres', page: CadresPage, permission: 'person.read', menu: { label: 'menu.cadres', icon: <CrownOutlined /> } },
  { path: '/link-requests', page: LinkRequestsPage, permission: 'person.read', menu: { label: 'menu.linkRequests', icon: <LinkOutlined /> } },
  { path: '/member-life', page: MemberLifePage, permission: 'member.read', menu: { label: 'menu.memberLife', icon: <SolutionOutlined /> } },
  { path: '/member-life/:tab', page: MemberLifePage, permission: 'member.read' },
  {
    path: '/volunteer-dashboard',
    page: VolunteerDashboardPage,
    permission: 'volunteer.read',
    menu: { label: 'menu.volunteerDashboard', icon: <HeartOutlined /> },
  },
  { path: '/volunteers', page: VolunteersPage, permission: 'volunteer.read', menu: { label: 'menu.volunteers', icon: <SmileOutlined /> } },
  {
    path: '/volunteer-activities',
    page: VolunteerActivitiesPage,
    permission: 'volunteer.read',
    menu: { label: 'menu.volunteerActivities', icon: <CalendarOutlined /> },
  },
  { path: '/volunteer-activities/:id', page: VolunteerActivityPage, permission: 'volunteer.read' },
  { path: '/volunteer-groups', page: VolunteerGroupsPage, permission: 'volunteer.read', menu: { label: 'menu.volunteerGroups', icon: <FlagOutlined /> } },
  { path: '/volunteer-hours', page: HoursPage, permission: 'volunteer.read', menu: { label: 'menu.volunteerHours', icon: <ClockCircleOutlined /> } },
  // The check-in screen shows rotating codes, which only accounts that run activities may issue.
  { path: '/volunteer-hours/checkin', page: CheckinPage, permission: 'volunteer.write' },
  { path: '/youth-voice', page: YvQuestionsPage, permission: 'service.read', menu: { label: 'menu.youthVoice', icon: <MessageOutlined /> } },
  { path: '/youth-voice/questions/:id', page: YvQuestionPage, permission: 'service.read' },
  { path: '/youth-voice/wishes', page: YvWishesPage, permission: 'service.read', menu: { label: 'menu.wishes', icon: <GiftOutlined /> } },
  { path: '/youth-voice/wishes/:id', page: YvWishPage, permission: 'service.read' },
  { path: '/contact-work', page: ContactWorkPage, permission: 'service.read', menu: { label: 'menu.contactWork', icon: <ContactsOutlined /> } },
  { path: '/contact-work/suggestions', page: SuggestionsPage, permission: 'service.read', menu: { label: 'menu.suggestions', icon: <MessageOutlined /> } },
  { path: '/contact-work/suggestions/:id', page: SuggestionDetailPage, permission: 'service.read' },
  { path: '/hotline/cases', page: HotlineCasesPage, permission: 'service.read', menu: { label: 'menu.hotlineCases', icon: <PhoneOutlined /> } },
  { path: '/hotline/cases/:id', page: HotlineCasePage, permission: 'service.read' },
  // the section's root, as people type it: the case list
  { path: '/hotline', page: HotlineCasesPage, permission: 'service.read' },
  { path: '/hotline/breaches', page: HotlineBreachesPage, permission: 'service.read', menu: { label: 'menu.hotlineBreaches', icon: <AlertOutlined /> } },
  { path: '/hotline/counsellors', page: HotlineRosterPage, permission: 'service.read', menu: { label: 'menu.hotlineCounsellors', icon: <TeamOutlined /> } },
  { path: '/hotline/lectures', page: HotlineLecturesPage, permission: 'service.read', menu: { label: 'menu.hotlineLectures', icon: <ReadOutlined /> } },
  { path: '/hotline/stats', page: HotlineStatsPage, permission: 'service.read', menu: { label: 'menu.hotlineStats', icon: <BarChartOutlined /> } },
  { path: '/accounts', page: AccountsPage, permission: 'account.read', menu: { label: 'menu.accounts', icon: <TeamOutlined /> } },
  { path: '/audit', page: AuditPage, permission: 'audit.read', menu: { label: 'menu.audit', icon: <AuditOutlined /> } },
  { path: '/notices', page: NoticesPage },
  { path: '/me', page: MePage, menu: { label: 'menu.me', icon: <UserOutlined /> } },
];
