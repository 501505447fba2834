import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import type { FieldError, Lang, Page, Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly errors?: FieldError[];
  /** seconds to wait before trying again (a 429's Retry-After) */
  readonly retryAfter?: number;

  constructor(p: Problem, retryAfter?: number) {
    super(p.message);
    this.status = p.status;
    this.code = p.code;
    this.field = p.field;
    this.errors = p.errors;
    this.retryAfter = retryAfter;
  }
}

const state: { csrf: string | null; lang: Lang; onUnauthorized: () => void } = {
  csrf: null,
  lang: 'zh-CN',
  onUnauthorized: () => {},
};

export function setCsrfToken(token: string | null): void {
  state.csrf = token;
}
export function setApiLang(lang: Lang): void {
  state.lang = lang;
}
export function setUnauthorizedHandler(fn: () => void): void {
  state.onUnauthorized = fn;
}

const BASE = '/api/v1';

function withQuery(url: string, query?: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${url}${qs ? `?${qs}` : ''}`;
}

/** A request outside openapi-fetch (files, generic list pages) with the same session, CSRF token and language. */
async function send(method: 'GET' | 'POST', url: string, form?: FormData): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': state.lang };
  if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  const res = await fetch(url, { method, headers, body: form, credentials: 'same-origin' });
  if (res.ok) return res;
  throw failure(url, res.status, res.statusText, await res.text(), res.headers.get('retry-after'));
}

/** The server's problem as an ApiError (and a lost session reported), from a failed response's body. */
function failure(url: string, status: number, statusText: string, body: string, retryAfter: string | null = null): ApiError {
  let problem: Problem = { status, code: 'http_error', message: statusText || `HTTP ${status}` };
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') problem = parsed as Problem;
  } catch {
    // not JSON: keep the status line
  }
  problem.status ??= status;
  problem.message ||= `HTTP ${status}`;
  // A failed login is an ordinary form error, not a lost session; neither is "not signed in" on a
  // public page (the phone pages ask /auth/me and offer sign-up instead).
  const path = new URL(url || '/', window.location.origin).pathname.replace(BASE, '');
  if (status === 401 && path !== '/auth/login' && path !== '/auth/me') state.onUnauthorized();
  const wait = Number(retryAfter);
  return new ApiError(problem, retryAfter && Number.isFinite(wait) ? wait : undefined);
}

/**
 * A multipart POST that reports how much of the file has gone up (fetch cannot): XMLHttpRequest
 * with the same session, CSRF token, language and error handling as `send`.
 */
function sendWithProgress(url: string, form: FormData, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept-Language', state.lang);
    if (state.csrf) xhr.setRequestHeader('x-csrf-token', state.csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.responseText);
      else reject(failure(url, xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network_error', message: 'network error' }));
    xhr.send(form);
  });
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

// Types read off the OpenAPI document for the helpers below (upload, download, paged lists).
type Method = 'get' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Declared<P extends keyof paths, M extends Method> = Operation<P, M> extends { parameters: infer X } ? X : never;
/** Every path that answers method `M`, e.g. `PathsWith<'get'>`. */
export type PathsWith<M extends Method> = { [P in keyof paths]: [Operation<P, M>] extends [never] ? never : P }[keyof paths];
/** The paths that answer `M` without path parameters (list and export routes). */
export type PlainPath<M extends Method> = { [P in PathsWith<M>]: Declared<P, M> extends { path: object } ? never : P }[PathsWith<M>];
/** A query as the operation declares it, where null (an unset filter) is allowed and left out of the URL. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> =
  Declared<P, M> extends { query?: infer Q } ? { [K in keyof NonNullable<Q>]: NonNullable<Q>[K] | null } : never;
/** `{ path, query }` as the operation declares them; ids may be numbers. */
export type ParamsOf<P extends keyof paths, M extends Method> = {
  [K in keyof Pick<Declared<P, M>, Extract<keyof Declared<P, M>, 'path' | 'query'>>]: K extends 'path'
    ? { [A in keyof Declared<P, M>[K]]: Declared<P, M>[K][A] | number }
    : QueryOf<P, M>;
};
/** The params argument: optional when nothing in it is required. */
export type ParamsArg<P extends keyof paths, M extends Method, Extra = unknown> =
  object extends ParamsOf<P, M> ? [params?: ParamsOf<P, M> & Extra] : [params: ParamsOf<P, M> & Extra];
type Success<R> = R extends { 200: { content: { 'application/json': infer T } } }
  ? T
  : R extends { 201: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 202: { content: { 'application/json': infer T } } }
      ? T
      : undefined;
/** The JSON a successful call answers (undefined for 204 and files). */
export type DataOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R } ? Success<R> : never;
/** A keyset-paged list route (`{ items, nextCursor }`): what `usePaged` takes. */
export type ListPath = { [P in PlainPath<'get'>]: DataOf<P, 'get'> extends { items: unknown[]; nextCursor: unknown } ? P : never }[PlainPath<'get'>];
/** A list route's filters (the cursor and page size are `usePaged`'s). */
export type ListQuery<P extends ListPath> = Omit<QueryOf<P>, 'cursor' | 'limit'>;
/** One row of a list route. */
export type ListItem<P extends ListPath> = DataOf<P, 'get'> extends { items: (infer T)[] } ? T : never;

/** `/api/v1/orgs/{id}/export` with `{ path: { id: 7 }, query }` filled in. */
export function urlOf(path: string, params: object = {}): string {
  const { path: values = {}, query } = params as { path?: Record<string, string | number>; query?: object };
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
  return withQuery(filled, query);
}

/** One page of a keyset-paged list route (for `usePaged`, whose path is a type parameter openapi-fetch cannot take). */
export async function getPage<P extends ListPath>(path: P, query: ListQuery<P>, cursor: string, limit = 50): Promise<Page<ListItem<P>>> {
  return json<Page<ListItem<P>>>(await send('GET', urlOf(path, { query: { ...query, cursor, limit } })));
}

export const api = {
  /**
   * Uploads one file as multipart `file`; with `onProgress`, reports the percentage sent.
   *   api.upload('/api/v1/members/import/{orgId}', file, { path: { orgId }, onProgress: setPercent })
   */
  upload: async <P extends PathsWith<'post'>>(
    path: P,
    file: File,
    ...[opts]: ParamsArg<P, 'post', { onProgress?: (percent: number) => void }>
  ): Promise<DataOf<P, 'post'>> => {
    const url = urlOf(path, opts);
    const form = new FormData();
    form.append('file', file);
    if (!opts?.onProgress) return json<DataOf<P, 'post'>>(await send('POST', url, form));
    const text = await sendWithProgress(url, form, opts.onProgress);
    return (text ? JSON.parse(text) : undefined) as DataOf<P, 'post'>;
  },
  /**
   * Fetches a file (with session and language) and hands it to the browser as a download.
   *   api.download('/api/v1/orgs/{id}/export', `${org.name}.xlsx`, { path: { id: org.id } })
   */
  download: async <P extends PathsWith<'get'>>(path: P, fallbackName: string, ...[params]: ParamsArg<P, 'get'>): Promise<void> => {
    const res = await send('GET', urlOf(path, params));
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filenameOf(res, fallbackName);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};

// The typed client: paths, parameters, bodies and responses are checked against the OpenAPI
// document the server generates (schema.d.ts), so a renamed route or changed shape fails `tsc`.
const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', state.lang);
    if (request.method !== 'GET' && state.csrf) request.headers.set('x-csrf-token', state.csrf);
    return request;
  },
};

/** `client.GET('/api/v1/orgs/{id}', { params: { path: { id } } })`; wrap the call in `ok()`. */
export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(session);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of a typed call, or its problem thrown as an ApiError (a lost session reported as
 * everywhere else): `const org = await ok(client.GET('/api/v1/orgs/{id}', { params: { path: { id } } }))`.
 */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  // openapi-fetch hands over the parsed JSON problem, or the raw text of a non-JSON body (a proxy's 502)
  const body = error === undefined ? '' : typeof error === 'string' ? error : JSON.stringify(error);
  throw failure(response.url, response.status, response.statusText, body, response.headers.get('retry-after'));
}
