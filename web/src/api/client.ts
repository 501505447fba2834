import type { FieldError, Lang, Problem } from './types';

export type Query = Record<string, string | number | boolean | null | undefined>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly errors?: FieldError[];

  constructor(p: Problem) {
    super(p.message);
    this.status = p.status;
    this.code = p.code;
    this.field = p.field;
    this.errors = p.errors;
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

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function send(method: string, path: string, query?: Query, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': state.lang };
  if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(apiUrl(path, query), { method, headers, body: payload, credentials: 'same-origin' });
  if (res.ok) return res;
  throw failure(path, res.status, res.statusText, await res.text());
}

/** The server's problem as an ApiError (and a lost session reported), from a failed response's body. */
function failure(path: string, status: number, statusText: string, body: string): ApiError {
  let problem: Problem;
  try {
    problem = JSON.parse(body) as Problem;
  } catch {
    problem = { status, code: 'http_error', message: statusText || `HTTP ${status}` };
  }
  problem.status ??= status;
  problem.message ||= `HTTP ${status}`;
  // A failed login is an ordinary form error, not a lost session; neither is "not signed in" on a
  // public page (the phone pages ask /auth/me and offer sign-up instead).
  if (status === 401 && path !== '/auth/login' && path !== '/auth/me') state.onUnauthorized();
  return new ApiError(problem);
}

/**
 * A multipart POST that reports how much of the file has gone up (fetch cannot): XMLHttpRequest
 * with the same session, CSRF token, language and error handling as `send`.
 */
function sendWithProgress(path: string, query: Query | undefined, form: FormData, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept-Language', state.lang);
    if (state.csrf) xhr.setRequestHeader('x-csrf-token', state.csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.responseText);
      else reject(failure(path, xhr.status, xhr.statusText, xhr.responseText));
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

export const api = {
  get: async <T>(path: string, query?: Query): Promise<T> => json<T>(await send('GET', path, query)),
  post: async <T = void>(path: string, body?: unknown): Promise<T> => json<T>(await send('POST', path, undefined, body ?? {})),
  patch: async <T>(path: string, body: unknown): Promise<T> => json<T>(await send('PATCH', path, undefined, body)),
  del: async <T = void>(path: string): Promise<T> => json<T>(await send('DELETE', path)),
  /** Uploads one file as multipart `file`; with `onProgress`, reports the percentage sent. */
  upload: async <T>(path: string, file: File, opts: { query?: Query; onProgress?: (percent: number) => void } = {}): Promise<T> => {
    const form = new FormData();
    form.append('file', file);
    if (!opts.onProgress) return json<T>(await send('POST', path, opts.query, form));
    const text = await sendWithProgress(path, opts.query, form, opts.onProgress);
    return (text ? JSON.parse(text) : undefined) as T;
  },
  /** Fetches a file (with session and language) and hands it to the browser as a download. */
  download: async (path: string, fallbackName: string, query?: Query): Promise<void> => {
    const res = await send('GET', path, query);
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
