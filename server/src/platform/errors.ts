// One error type with stable codes; each code has a status and a message in both languages.
export type Lang = 'zh-CN' | 'en-US';
export type Messages = Record<Lang, string>;

export type RowError = { row?: number; column?: string; field?: string; message: string; messages?: Messages };

const catalogue = {
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in' },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    status: 423,
    zh: '登录失败次数过多，账号已临时锁定，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; the account is locked for {minutes} minutes',
  },
  account_disabled: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  csrf: { status: 403, zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试', en: 'Missing or invalid CSRF token; reload the page and try again' },
  forbidden: { status: 403, zh: '没有权限：需要 {permission}', en: 'Not allowed: requires {permission}' },
  not_found: { status: 404, zh: '{entity} 不存在或无权访问', en: '{entity} not found or not accessible' },
  validation: { status: 400, zh: '字段 {field} 无效：{reason}', en: 'Invalid field {field}: {reason}' },
  conflict: { status: 409, zh: '{field} 已存在：{value}', en: '{field} already exists: {value}' },
  duplicate: { status: 409, zh: '{field} 已存在', en: '{field} already exists' },
  rule: { status: 422, zh: '{zh}', en: '{en}' },
  import_failed: { status: 422, zh: '导入失败：{count} 行有错误，未写入任何数据', en: 'Import failed: {count} rows have errors; nothing was written' },
  too_many_requests: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  payload_too_large: { status: 413, zh: '文件过大（上限 {limit}）', en: 'File too large (limit {limit})' },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof catalogue;

type Param = string | number | Messages;

function fill(template: string, params: Record<string, Param>, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return `{${k}}`;
    return typeof v === 'object' ? v[lang] : String(v);
  });
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messages: Messages;
  readonly field?: string;
  readonly errors?: RowError[];

  constructor(code: ErrorCode, opts: { params?: Record<string, Param>; field?: string; errors?: RowError[] } = {}) {
    const entry = catalogue[code];
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

/** Field names as users see them, for messages that name the field. */
const fieldLabels: Record<string, Messages> = {};
export function registerFieldLabels(labels: Record<string, Messages>): void {
  Object.assign(fieldLabels, labels);
}
function labelOf(field: string): Messages {
  const l = fieldLabels[field];
  return l ? { 'zh-CN': `${l['zh-CN']}（${field}）`, 'en-US': `${l['en-US']} (${field})` } : { 'zh-CN': field, 'en-US': field };
}

/** Unique indexes whose violation means "this value is taken": index name → field. */
const uniqueFields = new Map<string, string>();
export function registerUniqueField(index: string, field: string): void {
  uniqueFields.set(index, field);
}
/** A write that lost a race on a unique index answers the same 409 as the check before it. */
export function fromUniqueViolation(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } } | null;
  const pgErr = e?.cause ?? e;
  const field = pgErr?.code === '23505' && pgErr.constraint ? uniqueFields.get(pgErr.constraint) : undefined;
  return field ? new AppError('duplicate', { field, params: { field: labelOf(field) } }) : null;
}

export const errors = {
  unauthenticated: () => new AppError('unauthenticated'),
  forbidden: (permission: string) => new AppError('forbidden', { params: { permission } }),
  notFound: (entity: string) => new AppError('not_found', { params: { entity } }),
  /** A broken input rule on one field; the message names the field in both languages. */
  invalid: (field: string, reason: Messages) => new AppError('validation', { field, params: { field: labelOf(field), reason } }),
  /** A broken league or business rule, naming the field it concerns. */
  rule: (field: string, msg: Messages) => new AppError('rule', { field, params: { zh: msg['zh-CN'], en: msg['en-US'] } }),
  conflict: (field: string, value: string) => new AppError('conflict', { field, params: { field: labelOf(field), value } }),
};

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
