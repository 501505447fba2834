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
export type ImportResult = Res<'/api/v1/orgs/{id}/import', 'post'>;

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
