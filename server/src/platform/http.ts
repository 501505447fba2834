import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
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

/** Keyset cursors: opaque base64 of the last row's sort key. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}
export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    // fall through
  }
  throw errors.invalid('cursor', { 'zh-CN': '分页游标无效', 'en-US': 'not a valid page cursor' });
}
