// Hand-written API shapes; may later be replaced by types generated into schema.d.ts.

export type Lang = 'zh-CN' | 'en-US';

export type FieldError = { row?: number; column?: string; field?: string; message: string };

export type Problem = {
  status: number;
  code: string;
  message: string;
  messages?: Record<Lang, string>;
  field?: string;
  errors?: FieldError[];
};

export type Page<T> = { items: T[]; nextCursor: string | null };
export type Items<T> = { items: T[] };

export type Grant = { id: number; role: string; orgId: number; orgName: string };

export type Me = {
  account: {
    id: number;
    username: string;
    displayName: string;
    orgId: number;
    mustChangePassword: boolean;
  };
  csrfToken: string;
  permissions: string[];
  grants: Grant[];
};

export type Session = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
  current: boolean;
};

export type OrgKind = 'committee' | 'working_committee' | 'general_branch' | 'branch' | 'temp_branch';
export type OrgCategory =
  | 'school_higher'
  | 'school_vocational'
  | 'school_middle'
  | 'enterprise_state'
  | 'enterprise_private'
  | 'township'
  | 'village'
  | 'street'
  | 'community'
  | 'government'
  | 'social'
  | 'other';
export type OrgStatus = 'active' | 'closed' | 'merged';

export type Org = {
  id: number;
  parentId: number | null;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  kindLabel: string;
  category: OrgCategory | null;
  categoryLabel: string | null;
  divisionCode: string | null;
  establishedOn: string | null;
  status: OrgStatus;
  mergedIntoId: number | null;
  depth: number;
  childCount: number;
  path: string;
};

export type OrgSearchHit = Org & { pathNames: string };

export type Option<V extends string = string> = { value: V; label: string };
export type OrgMeta = { kinds: Option<OrgKind>[]; categories: Option<OrgCategory>[] };

export type OrgInput = {
  parentId?: number;
  name?: string;
  shortName?: string | null;
  kind?: OrgKind;
  category?: OrgCategory | null;
  divisionCode?: string | null;
  establishedOn?: string | null;
};

export type ImportResult = { created: number };

export type Role = { value: string; label: string; permissions: string[] };

export type AccountStatus = 'active' | 'disabled';
export type AccountGrant = Grant & { roleLabel: string };
export type Account = {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  status: AccountStatus;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  grants: AccountGrant[];
};
export type AccountCreate = {
  username: string;
  displayName: string;
  orgId: number;
  password: string;
  role: string;
  grantOrgId: number;
};

export type AuditEvent = {
  id: string;
  at: string;
  actorUsername: string | null;
  action: string;
  entity: string;
  entityId: string;
  orgId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string;
  ip: string;
};

export type MetricDef = { key: string; label: string; unit: string; dimensions: string[] };
export type MetricGroup = { group: string | null; label: string; value: number };
export type MetricValue = { key: string; label: string; unit: string; total: number; groups: MetricGroup[] };
export type MetricRows = {
  columns: { key: string; label: string }[];
  items: Record<string, unknown>[];
  nextCursor: string | null;
};
