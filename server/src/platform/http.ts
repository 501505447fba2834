import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from './access/scope.ts';
import { errors, type Lang } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    csrfToken: string | null;
  }
}

/** The signed-in actor; the access hook has already answered 401 for anonymous callers. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw errors.unauthenticated();
  return request.actor;
}

export const Problem = Type.Object(
  {
    status: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    messages: Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() }),
    field: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          row: Type.Optional(Type.Integer()),
          column: Type.Optional(Type.String()),
          field: Type.Optional(Type.String()),
          message: Type.String(),
        }),
      ),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'Problem' },
);

// Null first: with type coercion on, ajv would otherwise turn null into 0 or '' for the first branch.
export const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);

export const IdParam = Type.Object({ id: Type.String() });

/**
 * A calendar date YYYY-MM-DD that exists, in years 1000–2999: the request validator's `date` format
 * (platform/validation.ts) refuses 2026-02-30, 2026-02-29 and 0000-01-01 naming the field.
 */
export const DateString = Type.String({ format: 'date' });

/** A page cursor as this server hands them out (`encodeCursor`): base64url, a dot, its signature. */
export const cursorPattern = '^[A-Za-z0-9_-]{1,1000}\\.[A-Za-z0-9_-]{16}$';
export const Cursor = Type.String({ maxLength: 1024, pattern: cursorPattern });

export const PageQuery = {
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

/** Error responses every protected route may give, for the OpenAPI document. */
export const errorResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
};

export function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

// Cursors are signed: one this server did not hand out (garbage, or well-formed with a value of the
// wrong type) is refused naming the field before its values reach SQL. The key comes from the data
// key (`setCursorKey`, at start-up), so every instance of a deployment reads the others' cursors.
let cursorKey = randomBytes(32);
export function setCursorKey(dataKey: Buffer): void {
  cursorKey = createHmac('sha256', dataKey).update('tuanwu page cursor').digest();
}
function signatureOf(body: string): Buffer {
  return createHmac('sha256', cursorKey).update(body).digest().subarray(0, 12);
}

/** Keyset cursors: opaque, signed base64 of the last row's sort key. */
export function encodeCursor(values: (string | number)[]): string {
  const body = Buffer.from(JSON.stringify(values)).toString('base64url');
  return `${body}.${signatureOf(body).toString('base64url')}`;
}
export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  const [body = '', signature = '', extra] = cursor.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = signatureOf(body);
  if (extra === undefined && given.length === expected.length && timingSafeEqual(given, expected)) {
    try {
      const v: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
    } catch {
      // fall through
    }
  }
  throw errors.invalid('cursor', { 'zh-CN': '分页游标无效，请从第一页重新加载', 'en-US': 'not a valid page cursor; load the list from its first page' });
}

/** A list keyed on one row id: the id its page starts after, from the signed cursor (null: the first page). */
export function afterId(cursor: string | undefined): string | null {
  const c = decodeCursor(cursor);
  return c ? String(c[0]) : null;
}
/** The next page's cursor when there is one (`more`: the query, asked for limit + 1, got them): the last shown row's id, signed. */
export function nextIdCursor(more: boolean, lastId: string | undefined): string | null {
  return more && lastId !== undefined ? encodeCursor([lastId]) : null;
}
