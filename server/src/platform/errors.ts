// One error type with stable codes; each code has a status and a message in both languages.
export type Lang = 'zh-CN' | 'en-US';
export type Messages = Record<Lang, string>;

export type RowError = { row?: number; column?: string; field?: string; message: string; messages?: Messages };

const catalogue = {
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in' },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  // The same answer for every username, known or not (the wait is per username and address).
  login_throttled: {
    status: 429,
    zh: '密码错误次数过多，请 {seconds} 秒后再试',
    en: 'Too many wrong passwords; try again in {seconds} seconds',
  },
  password_change_required: {
    status: 403,
    zh: '请先修改密码：本账号须设置新密码后才能继续使用',
    en: 'Change your password first: this account must set a new password before going on',
  },
  csrf: { status: 403, zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试', en: 'Missing or invalid CSRF token; reload the page and try again' },
  forbidden: { status: 403, zh: '没有权限：需要 {permission}', en: 'Not allowed: requires {permission}' },
  not_found: { status: 404, zh: '{entity} 不存在或无权访问', en: '{entity} not found or not accessible' },
  validation: { status: 400, zh: '字段 {field} 无效：{reason}', en: 'Invalid field {field}: {reason}' },
  conflict: { status: 409, zh: '{field} 已存在：{value}', en: '{field} already exists: {value}' },
  duplicate: { status: 409, zh: '{field} 已存在', en: '{field} already exists' },
  transition_not_allowed: { status: 422, zh: '当前状态“{state}”下不能执行“{action}”', en: '"{action}" is not allowed in state "{state}"' },
  org_not_branch: { status: 422, zh: '{field}须为团支部：请选择一个团支部', en: '{field} must be a branch: choose a branch' },
  org_inactive: { status: 422, zh: '{field}：该组织已撤销或合并', en: '{field}: the org is closed or merged' },
  import_failed: { status: 422, zh: '导入失败：{count} 行有错误，未写入任何数据', en: 'Import failed: {count} rows have errors; nothing was written' },
  import_interrupted: {
    status: 503,
    zh: '导入因服务器重启而中断，未写入任何数据，请重新上传',
    en: 'The import was cut off by a server restart; nothing was written; upload the file again',
  },
  too_many_requests: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  // {what}: the file (upload limit) or the request body (JSON limit), whichever limit applied
  payload_too_large: { status: 413, zh: '{what}过大（上限 {limit}）', en: '{what} too large (limit {limit})' },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

/** The kernel's own codes; a module's codes come from its `defineErrors` and read `module.code`. */
export type KernelErrorCode = keyof typeof catalogue;
export type ErrorCode = KernelErrorCode;

/** One business error of a module: its HTTP status (422 unless said) and both messages. */
export type ErrorSpec = { status?: number; 'zh-CN': string; 'en-US': string };

type Param = string | number | Messages;

function fill(template: string, params: Record<string, Param>, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return `{${k}}`;
    return typeof v === 'object' ? v[lang] : String(v);
  });
}

type AppErrorOpts = { params?: Record<string, Param>; field?: string; errors?: RowError[] };

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Messages;
  readonly field?: string;
  readonly errors?: RowError[];

  constructor(code: KernelErrorCode, opts?: AppErrorOpts);
  constructor(code: string, opts: AppErrorOpts, spec: { status: number; zh: string; en: string });
  constructor(code: string, opts: AppErrorOpts = {}, spec?: { status: number; zh: string; en: string }) {
    const entry = spec ?? catalogue[code as KernelErrorCode];
    const params = opts.params ?? {};
    const messages = { 'zh-CN': fill(entry.zh, params, 'zh-CN'), 'en-US': fill(entry.en, params, 'en-US') };
    super(messages['en-US']);
    this.code = code;
    this.status = entry.status;
    this.messages = messages;
    this.field = opts.field;
    this.errors = opts.errors;
  }
}

/**
 * Field names as users see them, for messages that name the field. The kernel's shared fields
 * are here; a module adds its own in its definition (`labels`), looked up for its errors first.
 */
export const kernelFieldLabels: Record<string, Messages> = {
  orgId: { 'zh-CN': '所属组织', 'en-US': 'Organization' },
  parentId: { 'zh-CN': '上级组织', 'en-US': 'Parent organization' },
  personId: { 'zh-CN': '人员', 'en-US': 'Person' },
  name: { 'zh-CN': '名称', 'en-US': 'Name' },
  idNumber: { 'zh-CN': '身份证号', 'en-US': 'ID number' },
  phone: { 'zh-CN': '手机号', 'en-US': 'Phone' },
  gender: { 'zh-CN': '性别', 'en-US': 'Gender' },
  birthDate: { 'zh-CN': '出生日期', 'en-US': 'Birth date' },
  from: { 'zh-CN': '开始日期', 'en-US': 'From' },
  to: { 'zh-CN': '结束日期', 'en-US': 'To' },
  cursor: { 'zh-CN': '分页游标', 'en-US': 'Page cursor' },
  file: { 'zh-CN': '文件', 'en-US': 'File' },
  password: { 'zh-CN': '密码', 'en-US': 'Password' },
  newPassword: { 'zh-CN': '新密码', 'en-US': 'New password' },
  // a person's name is 姓名, never an org's 名称 (validatePerson names it so, and so do schema refusals of `person.name`)
  'person.name': { 'zh-CN': '姓名', 'en-US': 'Name' },
  limit: { 'zh-CN': '每页条数', 'en-US': 'Page size' },
  // a figure's drill-down (GET /metrics/{key}/rows)
  groupBy: { 'zh-CN': '分组维度', 'en-US': 'Group by' },
  group: { 'zh-CN': '分组', 'en-US': 'Group' },
  body: { 'zh-CN': '请求内容', 'en-US': 'Request body' },
  'content-type': { 'zh-CN': '内容类型', 'en-US': 'Content type' },
  request: { 'zh-CN': '请求', 'en-US': 'Request' },
};

/** The label of a person's name, wherever the field sits (`name` on a person, `person.name` in a member's form). */
export const personNameLabel: Messages = { 'zh-CN': '姓名', 'en-US': 'Name' };

function withField(l: Messages | undefined, field: string): Messages {
  return l ? { 'zh-CN': `${l['zh-CN']}（${field}）`, 'en-US': `${l['en-US']} (${field})` } : { 'zh-CN': field, 'en-US': field };
}
/** A field as a message names it: its label (the module's, then the kernel's; `key` when the field is a path like `person.name`) and the field. */
export function labelOf(field: string, labels?: Record<string, Messages>, key = field): Messages {
  return withField(labels?.[field] ?? kernelFieldLabels[field] ?? labels?.[key] ?? kernelFieldLabels[key], field);
}

/** Unique indexes whose violation means "this value is taken": index name → field. */
const uniqueFields = new Map<string, string>();
const uniqueLabels = new Map<string, Record<string, Messages>>();
/** Called by the module registry for each module's `uniqueFields`. */
export function registerUniqueField(index: string, field: string, labels?: Record<string, Messages>): void {
  uniqueFields.set(index, field);
  if (labels) uniqueLabels.set(index, labels);
}
/** A write that lost a race on a unique index answers the same 409 as the check before it. */
export function fromUniqueViolation(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } } | null;
  const pgErr = e?.cause ?? e;
  const field = pgErr?.code === '23505' && pgErr.constraint ? uniqueFields.get(pgErr.constraint) : undefined;
  return field && pgErr?.constraint ? new AppError('duplicate', { field, params: { field: labelOf(field, uniqueLabels.get(pgErr.constraint)) } }) : null;
}

/**
 * A value the database could not take as its column's type (SQLSTATE class 22: a malformed uuid in a
 * cursor, an id past bigint, an impossible date) came from the client: 400, never a 500. The routes'
 * schemas should refuse such input first; this is the net under them.
 */
export function fromDataException(err: unknown): AppError | null {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.cause?.code ?? e?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  return new AppError('validation', {
    field: 'request',
    params: { field: 'request', reason: { 'zh-CN': '参数值格式或范围不正确', 'en-US': 'a value has the wrong form or is out of range' } },
  });
}

export const errors = {
  unauthenticated: () => new AppError('unauthenticated'),
  forbidden: (permission: string) => new AppError('forbidden', { params: { permission } }),
  notFound: (entity: string) => new AppError('not_found', { params: { entity } }),
  /** A broken input rule on one field; the message names the field in both languages. */
  invalid: (field: string, reason: Messages, label?: Messages) =>
    new AppError('validation', { field, params: { field: label ? withField(label, field) : labelOf(field), reason } }),
  conflict: (field: string, value: string) => new AppError('conflict', { field, params: { field: labelOf(field), value } }),
  /** An uploaded file over its limit (`limit` as users read it, like '10 MB'). */
  fileTooLarge: (limit: string) => new AppError('payload_too_large', { field: 'file', params: { what: { 'zh-CN': '文件', 'en-US': 'File' }, limit } }),
  /** The org named by a field must be an active branch (kernel rule shared by every module). */
  notBranch: (field: string) => new AppError('org_not_branch', { field, params: { field: labelOf(field) } }),
  orgInactive: (field: string) => new AppError('org_inactive', { field, params: { field: labelOf(field) } }),
  /** A workflow action that the current state does not allow (state and action as users see them). */
  transitionNotAllowed: (field: string, state: Messages, action: Messages) => new AppError('transition_not_allowed', { field, params: { state, action } }),
};

type Raise = (field: string, params?: Record<string, Param>) => AppError;

/**
 * A module's error codes: one exhaustive map from code to status and both messages (`{param}`
 * placeholders filled from the call). The codes go on the wire as `module.code`, so the console
 * and tests branch on them, never on prose. Field labels are the module's own, then the kernel's.
 *
 *   export const membersErrors = defineErrors('members', labels, {
 *     too_old: { 'zh-CN': '已满 {age} 周岁', 'en-US': 'already {age}' },
 *   });
 *   throw membersErrors.too_old('birthDate', { age: 28 });
 */
export function defineErrors<const C extends Record<string, ErrorSpec>>(
  module: string,
  labels: Record<string, Messages>,
  codes: C,
): { readonly [K in keyof C]: Raise } & {
  /** Input that is malformed for a field (the kernel's `validation` code, with this module's labels). */
  invalid: (field: string, reason: Messages) => AppError;
  conflict: (field: string, value: string) => AppError;
  readonly codes: { readonly [K in keyof C]: string };
  readonly module: string;
} {
  const raise = {} as Record<string, Raise>;
  const wire = {} as Record<string, string>;
  for (const [code, spec] of Object.entries(codes)) {
    const full = `${module}.${code}`;
    wire[code] = full;
    raise[code] = (field, params = {}) =>
      new AppError(full, { field, params: { field: labelOf(field, labels), ...params } }, { status: spec.status ?? 422, zh: spec['zh-CN'], en: spec['en-US'] });
  }
  return Object.assign(raise, {
    invalid: (field: string, reason: Messages) => new AppError('validation', { field, params: { field: labelOf(field, labels), reason } }),
    conflict: (field: string, value: string) => new AppError('conflict', { field, params: { field: labelOf(field, labels), value } }),
    codes: wire,
    module,
  }) as never;
}

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  return /^\s*en/i.test(acceptLanguage) ? 'en-US' : 'zh-CN';
}

export type Problem = {
  status: number;
  code: string;
  message: string;
  messages: Messages;
  field?: string;
  errors?: RowError[];
  requestId?: string;
};

export function toProblem(err: AppError, lang: Lang, requestId?: string): Problem {
  return {
    status: err.status,
    code: err.code,
    message: err.messages[lang],
    messages: err.messages,
    field: err.field,
    errors: err.errors,
    requestId,
  };
}
