// How a request's input is checked against its route's schema, and how a refusal is told: one
// field named (with its label) and the real reason in both languages, never ajv's raw words.
import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError, fromDataException, labelOf, type Messages } from './errors.ts';
import { isDate } from './dates.ts';
import { cursorPattern } from './http.ts';
import { installedModules } from './module.ts';

/** A PostgreSQL integer: the column type behind every integer a request carries unless its schema says otherwise. */
const int32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };

type Schema = Record<string, unknown>;

/**
 * An integer in a request schema without bounds gets those of a PostgreSQL integer, so
 * `amountFen: 9223372036854775808` is refused naming the field instead of reaching the database.
 */
export function boundIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => boundIntegers(s)) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] =
      k === 'properties' || k === 'patternProperties'
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, x]) => [p, boundIntegers(x)]))
        : boundIntegers(v);
  }
  const types = [s.type].flat();
  if (types.includes('integer')) {
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) out.minimum = int32.minimum;
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) out.maximum = int32.maximum;
  }
  return out as T;
}

/** The one-line labels a person types: a name, a short name, a title, a topic. */
const labelKeys = new Set(['name', 'shortName', 'title', 'topic', 'typedName']);
/** No angle brackets and no control characters in a label (long texts — minutes, notes — may have them). */
export const plainLabelPattern = '^[^<>\\u0000-\\u001f]*$';
const plainLabel = new RegExp(plainLabelPattern, 'u');
/** The same rule for labels that arrive another way (an Excel row) or are checked again in a service. */
export function isPlainLabel(s: string): boolean {
  return plainLabel.test(s);
}

/**
 * One rule for labels in every body: `<` was refused in a person's name and a meeting's topic and
 * accepted in an org's or a team's name. A string property named as a label, without a pattern of
 * its own, gets `plainLabelPattern`.
 */
function asLabel(x: unknown): unknown {
  if (!x || typeof x !== 'object') return x;
  const sx = x as Schema;
  // Nullable(…) and other unions: each text alternative
  for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(sx[k])) return { ...sx, [k]: (sx[k] as unknown[]).map(asLabel) };
  const isText = [sx.type].flat().includes('string') && sx.pattern === undefined && !sx.format && !sx.enum && sx.const === undefined;
  return isText ? { ...sx, pattern: plainLabelPattern } : x;
}

export function plainLabels<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => plainLabels(s)) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, x]) => [p, labelKeys.has(p) ? asLabel(x) : plainLabels(x)]))
        : plainLabels(v);
  }
  return out as T;
}

/**
 * A JSON body's objects take only the properties their schema names: the others are dropped (ajv's
 * `removeAdditional`), so a service that spreads its input into `.set({ ...patch })` cannot be handed
 * `orgId` or `id` by a client (moving a row out of scope). Objects that say what else they take
 * (`additionalProperties`, records) are left as they are, and so are the branches of `allOf` and of
 * unions with several object branches, where ajv would strip one branch's properties before the next.
 */
export function closeObjects<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => closeObjects(s)) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = { ...s };
  if (s.properties && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(s.properties as Schema).map(([p, x]) => [p, closeObjects(x)]));
    if (s.additionalProperties === undefined && s.patternProperties === undefined) out.additionalProperties = false;
  }
  if (s.items) out.items = closeObjects(s.items);
  for (const k of ['anyOf', 'oneOf'] as const) {
    const alts = s[k];
    if (!Array.isArray(alts)) continue;
    const objects = alts.filter((a: Schema) => a && typeof a === 'object' && (a.type === 'object' || a.properties));
    if (objects.length <= 1) out[k] = alts.map((a) => closeObjects(a));
  }
  return out as T;
}

type CompileInput = { schema: AnySchema; httpPart?: string };
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * `format: 'date'` as this API means it: YYYY-MM-DD that exists on the calendar (not 2026-02-30,
 * nor 2026-02-29), in years 1000–2999 (PostgreSQL has no year 0).
 */
export function isApiDate(s: string): boolean {
  return isDate(s) && s >= '1000-01-01' && s <= '2999-12-31';
}
/** `format: 'date-time'` likewise: RFC 3339 (ajv-formats' check) in years 1000–2999. */
const rfc3339 = fullFormats['date-time'] as { validate: (s: string) => boolean };
export function isApiDateTime(s: string): boolean {
  return rfc3339.validate(s) && s >= '1000' && s < '3000';
}

/**
 * What the schemas cannot say: no string carries U+0000 (PostgreSQL text cannot hold it), and no
 * number is infinite (ajv coerces `?orgId=Infinity` or `1e400` to Infinity and then skips its bounds).
 * The first offence as an ajv error, so it is told like any other.
 */
function unstorable(data: unknown, path = ''): ErrorObject | null {
  if (typeof data === 'string' && data.includes('\u0000')) {
    return { instancePath: path, schemaPath: '#', keyword: 'nul', params: {}, message: 'must not contain U+0000' };
  }
  if (typeof data === 'number' && !Number.isFinite(data)) {
    return { instancePath: path, schemaPath: '#', keyword: 'finite', params: {}, message: 'must be a finite number' };
  }
  if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      const found = unstorable(v, `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      if (found) return found;
    }
  }
  return null;
}

function withStorableValues(check: Validate): Validate {
  const validate: Validate = (data) => {
    if (!check(data)) {
      validate.errors = check.errors;
      return false;
    }
    const bad = unstorable(data);
    validate.errors = bad ? [bad] : null;
    return !bad;
  };
  return validate;
}

/**
 * Query strings, path params and headers arrive as text: they are coerced to their schema's types
 * (`?limit=20`, one `?tag=a` as a list). A JSON body is taken as sent: `12345` or `["张三"]` is
 * not a name, `"5"` is not a number.
 */
export function requestValidatorCompiler(): (input: CompileInput) => Validate {
  const options = { removeAdditional: true, useDefaults: true, allErrors: false, addUsedSchema: false } as const;
  const text = new Ajv({ ...options, coerceTypes: 'array' });
  const json = new Ajv({ ...options, coerceTypes: false });
  for (const ajv of [text, json]) {
    addFormats(ajv);
    ajv.addFormat('date', isApiDate);
    ajv.addFormat('date-time', isApiDateTime);
  }
  return ({ schema, httpPart }) =>
    withStorableValues(httpPart === 'body' ? json.compile(plainLabels(closeObjects(boundIntegers(schema)))) : text.compile(boundIntegers(schema)));
}

const both = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });

const typeNames: Record<string, Messages> = {
  integer: both('整数', 'a whole number'),
  number: both('数字', 'a number'),
  string: both('文本', 'text'),
  boolean: both('true 或 false', 'true or false'),
  array: both('列表', 'a list'),
  object: both('对象', 'an object'),
  null: both('空值（null）', 'null'),
};

const formatReasons: Record<string, Messages> = {
  date: both('应为存在的日期（YYYY-MM-DD，年份 1000–2999）', 'must be a date that exists (YYYY-MM-DD, years 1000–2999)'),
  'date-time': both('应为有效的日期时间（如 2026-05-04T08:00:00Z）', 'must be a valid date and time (like 2026-05-04T08:00:00Z)'),
  time: both('应为有效的时间', 'must be a valid time'),
  uuid: both('应为有效的编号（UUID）', 'must be a valid id (UUID)'),
  email: both('应为有效的电子邮箱', 'must be a valid e-mail address'),
};

/** Patterns the kernel's shared schemas use, told as what they mean rather than as a regex. */
const patternReasons: Record<string, Messages> = {
  [cursorPattern]: both('分页游标无效', 'not a valid page cursor'),
  [plainLabelPattern]: both('不能包含尖括号（< >）或控制字符', 'must not contain angle brackets (< >) or control characters'),
  '^\\d{4}-\\d{2}-\\d{2}$': both('应为日期（YYYY-MM-DD）', 'must be a date (YYYY-MM-DD)'),
  '^[1-9][0-9]{0,14}$': both('应为正整数编号', 'must be a positive whole-number id'),
  '^[1-9]\\d{0,14}$': both('应为正整数编号', 'must be a positive whole-number id'),
  '^[0-9a-fA-F-]{36}$': formatReasons.uuid as Messages,
  '^([01]\\d|2[0-3]):[0-5]\\d$': both('应为时间（HH:MM，00:00–23:59）', 'must be a time (HH:MM, 00:00–23:59)'),
};

const list = (values: unknown[], sep: string) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(sep);

/** The reason of one ajv error, and the alternatives of a union where they are all of one kind. */
function reasonOf(e: ErrorObject, siblings: ErrorObject[]): Messages {
  const p = e.params as Record<string, unknown>;
  const limit = String(p.limit ?? '');
  switch (e.keyword) {
    case 'type': {
      const types = [...new Set(siblings.filter((s) => s.keyword === 'type').flatMap((s) => String((s.params as { type: string }).type).split(',')))];
      const shown = types.filter((t) => t !== 'null').length ? types.filter((t) => t !== 'null') : types;
      const names = shown.map((t) => typeNames[t] ?? both(t, t));
      return both(`应为${names.map((n) => n['zh-CN']).join('或')}`, `must be ${names.map((n) => n['en-US']).join(' or ')}`);
    }
    case 'enum':
    case 'const': {
      const allowed = siblings.flatMap((s) => {
        const sp = s.params as { allowedValues?: unknown[]; allowedValue?: unknown };
        return s.keyword === 'enum' ? (sp.allowedValues ?? []) : s.keyword === 'const' ? [sp.allowedValue] : [];
      });
      return both(`可选值：${list(allowed, '、')}`, `must be one of: ${list(allowed, ', ')}`);
    }
    case 'required':
      return both('必填', 'is required');
    case 'minimum':
      return both(`不能小于 ${limit}`, `must be at least ${limit}`);
    case 'maximum':
      return both(`不能大于 ${limit}`, `must be at most ${limit}`);
    case 'exclusiveMinimum':
      return both(`须大于 ${limit}`, `must be more than ${limit}`);
    case 'exclusiveMaximum':
      return both(`须小于 ${limit}`, `must be less than ${limit}`);
    case 'minLength':
      return limit === '1' ? both('不能为空', 'must not be empty') : both(`至少 ${limit} 个字`, `must be at least ${limit} characters`);
    case 'maxLength':
      return both(`最多 ${limit} 个字`, `must be at most ${limit} characters`);
    case 'minItems':
      return both(`至少 ${limit} 项`, `must have at least ${limit} items`);
    case 'maxItems':
      return both(`最多 ${limit} 项`, `must have at most ${limit} items`);
    case 'format':
      return formatReasons[String(p.format)] ?? both(`格式不正确（${String(p.format)}）`, `must be a valid ${String(p.format)}`);
    case 'nul':
      return both('不能包含空字符（U+0000）', 'must not contain the NUL character (U+0000)');
    case 'finite':
      return both('应为有限的数字', 'must be a finite number');
    case 'pattern':
      return patternReasons[String(p.pattern)] ?? both('格式不正确', 'has the wrong form');
    default:
      return both(`不符合要求（${e.message ?? e.keyword}）`, e.message ?? 'is invalid');
  }
}

/** Where the input is, as users of the API name it. */
const partLabels: Record<string, Messages> = {
  body: both('请求内容', 'Request body'),
  querystring: both('查询参数', 'Query'),
  params: both('路径参数', 'Path'),
  headers: both('请求头', 'Headers'),
};

/** The labels of the route's module (its OpenAPI tag), for fields the kernel does not know. */
function moduleLabels(request: FastifyRequest): Record<string, Messages> {
  const tag = (request.routeOptions.schema as { tags?: string[] } | undefined)?.tags?.[0];
  return { ...installedModules().find((m) => m.name === tag)?.labels };
}

/**
 * The one refusal told for a failed schema check. A union's errors are read as one: the branch
 * that is not `null` gives the reason (not "must be null" for a number out of range), and a
 * union of values lists them all.
 */
export function fromValidation(err: FastifyError, request: FastifyRequest): AppError {
  const all = (err.validation ?? []) as ErrorObject[];
  const real = all.filter(
    (e) => !['anyOf', 'oneOf', 'if', 'not'].includes(e.keyword) && !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'),
  );
  const first = real[0] ?? all[0];
  const part = err.validationContext ?? 'body';
  if (!first) return new AppError('validation', { field: part, params: { field: partLabels[part] ?? both(part, part), reason: both('无效', 'is invalid') } });
  const missing = first.keyword === 'required' ? String((first.params as { missingProperty?: string }).missingProperty ?? '') : '';
  const path = [...first.instancePath.split('/').filter(Boolean), ...(missing ? [missing] : [])].map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const field = path.join('.') || part;
  const siblings = all.filter((e) => e.instancePath === first.instancePath);
  // a list's item is labelled as its list: memberIds.3 → 成员（memberIds.3）
  const named = [...path].reverse().find((s) => !/^\d+$/.test(s));
  const labels = moduleLabels(request);
  const label = path.length ? labelOf(field, labels, named) : (partLabels[part] ?? both(part, part));
  return new AppError('validation', { field, params: { field: label, reason: reasonOf(first, siblings) } });
}

/** Fastify's own refusals of a request's form (body, content type, URL, upload) with a field and both languages. */
const clientErrors: Record<string, { field: string; reason: Messages }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', reason: both('不是有效的 JSON', 'is not valid JSON') },
  FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body', reason: both('为空：声明为 JSON 的请求须有内容', 'is empty though its content type is JSON') },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    field: 'content-type',
    reason: both('不支持此内容类型：请发送 application/json', 'is not supported: send application/json'),
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'content-length', reason: both('与实际内容长度不符', 'does not match the body') },
  FST_ERR_BAD_URL: { field: 'url', reason: both('地址无效', 'is not a valid URL') },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { field: 'file', reason: both('请以 multipart/form-data 上传文件', 'must be uploaded as multipart/form-data') },
  FST_MP_PREMATURE_CLOSE: { field: 'file', reason: both('上传未完成', 'the upload was cut off') },
  FST_PROTO_VIOLATION: { field: 'file', reason: both('表单字段名无效', 'has a field name that is not allowed') },
  FST_INVALID_JSON_FIELD_ERROR: { field: 'file', reason: both('表单字段不是有效的 JSON', 'has a field that is not valid JSON') },
  FST_FILES_LIMIT: { field: 'file', reason: both('一次只能上传一个文件', 'one file at a time') },
  FST_PARTS_LIMIT: { field: 'file', reason: both('表单内容过多', 'has too many parts') },
  FST_FIELDS_LIMIT: { field: 'file', reason: both('表单字段过多', 'has too many fields') },
};

/** A Fastify or multipart refusal of the request's form (a 4xx of theirs), told as `validation` with its field. */
export function fromClientError(err: FastifyError): AppError {
  const known = clientErrors[err.code];
  if (known) return new AppError('validation', { field: known.field, params: { field: labelOf(known.field), reason: known.reason } });
  return new AppError('validation', { field: 'request', params: { field: labelOf('request'), reason: both(`请求无效（${err.message}）`, err.message) } });
}

/** What the upload parser (busboy, under @fastify/multipart) throws for a broken multipart body: plain Errors, known by their words. */
const brokenUploads = [
  /^Multipart: Boundary not found$/,
  /^Boundary required$/,
  /unexpected end of multipart data$/i,
  /^Unsupported Content-Type\.$/,
  /^Missing Content-Type-header\.$/,
];

/** A multipart body the parser could not read (no boundary, cut off): the client's, so 400 naming the file. */
export function fromBrokenUpload(err: Error): AppError | null {
  if (!brokenUploads.some((re) => re.test(err.message))) return null;
  return new AppError('validation', {
    field: 'file',
    params: {
      field: labelOf('file'),
      reason: both('上传内容不完整或格式不正确（multipart/form-data）', 'the upload is cut off or not valid multipart/form-data'),
    },
  });
}

/** Every leaf of a request's input with its path: `person.name`, `memberIds.3`. */
function leavesOf(v: unknown, path: string[] = [], out: [string, unknown][] = []): [string, unknown][] {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leavesOf(x, [...path, k], out);
  } else if (path.length) out.push([path.join('.'), v]);
  return out;
}

/**
 * A value the database refused (SQLSTATE class 22, `fromDataException`) named by the field that
 * carried it: PostgreSQL quotes the value it could not take (`invalid input syntax for type uuid:
 * "abc"`), and the request's path, query and body are searched for it. Unnamed when no field holds
 * it (a value the server computed): then the request as a whole.
 */
export function fromDatabaseRefusal(err: unknown, request: FastifyRequest): AppError | null {
  const generic = fromDataException(err);
  if (!generic) return null;
  const e = err as { message?: unknown; cause?: { message?: unknown } };
  const message = String(e.cause?.message ?? e.message ?? '');
  const quoted = [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const input = [...leavesOf(request.params), ...leavesOf(request.query), ...leavesOf(request.body)];
  const found = input.find(([, v]) => v !== null && v !== undefined && quoted.includes(String(v)));
  if (!found) return generic;
  const [field] = found;
  const named = [...field.split('.')].reverse().find((s) => !/^\d+$/.test(s));
  return new AppError('validation', {
    field,
    params: { field: labelOf(field, moduleLabels(request), named), reason: both('格式或范围不正确', 'has the wrong form or is out of range') },
  });
}
