// API shapes, derived from schema.d.ts — generated from the server's OpenAPI document
// (`npm run gen:api`; `npm run check` fails when it is stale), so client and server cannot drift.
import type { paths } from './schema';

type Ok<R> = R extends { 200: { content: { 'application/json': infer T } } } ? T : R extends { 201: { content: { 'application/json': infer T } } } ? T : never;
/** The JSON a successful call answers. */
export type Res<P extends keyof paths, M extends 'get' | 'post' | 'patch'> = paths[P][M] extends { responses: infer R } ? Ok<R> : never;
/** The JSON body a call takes. */
export type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

export type Lang = 'zh-CN' | 'en-US';
export type Problem = {
  status: number;
  code: string;
  message: string;
  messages?: Record<Lang, string>;
  field?: string;
  errors?: FieldError[];
};
export type FieldError = { row?: number; column?: string; field?: string; message: string };

export type Page<T> = { items: T[]; nextCursor: string | null };
export type Items<T> = { items: T[] };

export type Me = Res<'/api/v1/auth/me', 'get'>;
export type Grant = Me['grants'][number];
export type Session = Res<'/api/v1/auth/sessions', 'get'>['items'][number];

export type Org = Res<'/api/v1/orgs/{id}', 'get'>;
export type OrgKind = Org['kind'];
export type OrgCategory = NonNullable<Org['category']>;
export type OrgStatus = Org['status'];
export type OrgSearchHit = Res<'/api/v1/orgs/search', 'get'>['items'][number];
export type Option<V extends string = string> = { value: V; label: string };
export type OrgMeta = { kinds: Option<OrgKind>[]; categories: Option<OrgCategory>[] };
export type OrgInput = Partial<Body<'/api/v1/orgs', 'post'>>;
/** An Excel import run: its progress, then its result or its row-by-row errors. */
export type ImportRun = Res<'/api/v1/imports/{id}', 'get'>;

export type Role = Res<'/api/v1/roles', 'get'>['items'][number];
export type Account = Res<'/api/v1/accounts/{id}', 'get'>;
export type AccountStatus = 'active' | 'disabled';
export type AccountGrant = Account['grants'][number];
export type AccountCreate = Body<'/api/v1/accounts', 'post'>;

export type AuditEvent = Res<'/api/v1/audit', 'get'>['items'][number];

export type MetricDef = Res<'/api/v1/metrics', 'get'>['items'][number];
export type MetricValue = Res<'/api/v1/metrics/{key}', 'get'>;
export type MetricGroup = MetricValue['groups'][number];
export type MetricRows = Res<'/api/v1/metrics/{key}/rows', 'get'>;

export type Member = Res<'/api/v1/members/{id}', 'get'>;
export type MemberInput = Body<'/api/v1/members', 'post'>;
export type ApplicationDetail = Res<'/api/v1/member-applications/{id}', 'get'>;
export type Application = ApplicationDetail['application'];
export type ApplicationStep = ApplicationDetail['steps'][number];
export type ApplicationStage = Application['stage'];
export type ApplicationActionBody = Body<'/api/v1/member-applications/{id}/approve', 'post'>;
export type QuotaUse = Res<'/api/v1/member-applications/{id}/quota', 'get'>['quota'];

export type CheckinCode = Res<'/api/v1/volunteer-hours/shifts/{shiftId}/checkin-code', 'get'>;
export type HourEntry = Res<'/api/v1/volunteer-hours/entries', 'get'>['items'][number];
export type HourClaim = Res<'/api/v1/volunteer-hours/claims', 'get'>['items'][number];
export type StarAward = Res<'/api/v1/volunteer-hours/stars', 'get'>['items'][number];
export type VolunteerCertificate = Res<'/api/v1/volunteer-hours/certificates', 'get'>['items'][number];
export type CertificateFields = VolunteerCertificate['fields'];
export type MyVolunteerHours = Res<'/api/v1/self/volunteer-hours', 'get'>;
export type PhoneActivity = Res<'/api/v1/self/volunteer-activities', 'get'>['items'][number];
export type ScanResult = Res<'/api/v1/self/volunteer-scans', 'post'>;
export type ScanBody = Body<'/api/v1/self/volunteer-scans', 'post'>;

export type Volunteer = Res<'/api/v1/volunteers/{id}', 'get'>;
export type VolunteerInput = Body<'/api/v1/volunteers', 'post'>;
export type VolunteerActivity = Res<'/api/v1/volunteer-activities/{id}', 'get'>;
export type VolunteerActivityItem = Res<'/api/v1/volunteer-activities', 'get'>['items'][number];
export type VolunteerActivityInput = Body<'/api/v1/volunteer-activities', 'post'>;
export type VolunteerShift = VolunteerActivity['shifts'][number];
export type RosterEntry = Res<'/api/v1/volunteer-shifts/{id}/roster', 'get'>['items'][number];
export type VolunteerTeam = Res<'/api/v1/volunteer-teams', 'get'>['items'][number];
export type VolunteerStation = Res<'/api/v1/volunteer-stations', 'get'>['items'][number];
export type VolunteerProject = Res<'/api/v1/volunteer-projects', 'get'>['items'][number];
export type VolunteerMeta = Res<'/api/v1/volunteer-meta', 'get'>;

export type Transfer = Res<'/api/v1/transfers', 'get'>['items'][number];
export type TransferDetail = Res<'/api/v1/transfers/{id}', 'get'>;
export type BulkApproveResult = Res<'/api/v1/transfers/bulk-approve', 'post'>['results'][number];
export type MemberDues = Res<'/api/v1/members/{id}/dues', 'get'>;
export type ArrearsItem = Res<'/api/v1/dues/arrears', 'get'>['items'][number];
export type BranchArrears = Res<'/api/v1/dues/arrears/by-branch', 'get'>['items'][number];
export type MemberRegistrations = Res<'/api/v1/members/{id}/registrations', 'get'>;
export type ReviewSummary = Res<'/api/v1/reviews', 'get'>['items'][number];
export type ReviewDetail = Res<'/api/v1/reviews/{id}', 'get'>;
export type Todo = Res<'/api/v1/todo', 'get'>;
export type StudyEpisodes = Res<'/api/v1/study/episodes', 'get'>;
export type MyStudy = Res<'/api/v1/me/study', 'get'>;
export type Reminder = Res<'/api/v1/reminders', 'get'>['items'][number];
export type AgeDue = Res<'/api/v1/leaving/age-due', 'get'>['items'][number];
export type Lapsed = Res<'/api/v1/leaving/lapsed', 'get'>['items'][number];
export type Removal = Res<'/api/v1/removals', 'get'>['items'][number];
export type PartyCandidates = Res<'/api/v1/party/candidates', 'get'>;
export type PartyRecommendation = Res<'/api/v1/party/recommendations', 'get'>['items'][number];

export type Cadre = Res<'/api/v1/cadres', 'get'>['items'][number];
export type CadreStructure = Res<'/api/v1/cadres/structure', 'get'>;
export type CadreWarnings = Res<'/api/v1/cadres/warnings', 'get'>;
export type Election = Res<'/api/v1/elections', 'get'>['items'][number];
export type CadreMeta = Res<'/api/v1/cadres/meta', 'get'>;
export type Meeting = Res<'/api/v1/meetings', 'get'>['items'][number];
export type MeetingDetail = Res<'/api/v1/meetings/{id}', 'get'>;
export type Compliance = Res<'/api/v1/org-life/compliance', 'get'>;
export type BranchMember = Res<'/api/v1/org-life/members', 'get'>['items'][number];
export type Rating = Res<'/api/v1/ratings', 'get'>['items'][number];
export type RatingList = Res<'/api/v1/ratings', 'get'>;
export type RatingMeta = Res<'/api/v1/ratings/meta', 'get'>;
