import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { org } from '../org-tree/org-tree.schema.ts';
import { audit } from '../audit/audit.ts';
import { actorOf, errorResponses, noContent, Nullable } from '../http.ts';
import { effectiveSetting, putSetting, resetSetting, settingDefs } from './settings.ts';

const Setting = Type.Object({
  key: Type.String(),
  label: Type.String(),
  description: Nullable(Type.String()),
  value: Type.Unknown(),
  default: Type.Unknown(),
  /** where the value comes from: this org, an ancestor, or null for the built-in default */
  source: Nullable(Type.Object({ orgId: Type.Integer(), orgName: Type.String() })),
  schema: Type.Unknown(),
});
const Params = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }), key: Type.String({ maxLength: 100 }) });

export async function settingsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const tags = ['settings'];

  async function orgPath(id: number): Promise<string> {
    const [o] = await db.select({ path: org.path }).from(org).where(eq(org.id, id));
    if (!o) throw new Error('checked by the access hook');
    return o.path;
  }

  app.get(
    '/orgs/:id/settings',
    {
      config: { access: { permission: 'org.read', entity: 'org' } },
      schema: {
        summary: "List an org's settings",
        tags,
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) }),
        response: { 200: Type.Object({ items: Type.Array(Setting) }), ...errorResponses },
      },
    },
    async (request) => {
      const path = await orgPath(Number(request.params.id));
      const items = [];
      for (const def of settingDefs()) {
        const found = await effectiveSetting(db, path, def.key);
        items.push({
          key: def.key,
          label: def.label[request.lang],
          description: def.description?.[request.lang] ?? null,
          value: found ? found.value : def.default,
          default: def.default,
          source: found ? { orgId: found.orgId, orgName: found.orgName } : null,
          schema: def.schema,
        });
      }
      return { items };
    },
  );

  app.put(
    '/orgs/:id/settings/:key',
    {
      config: { access: { permission: 'settings.write', entity: 'org' } },
      schema: {
        summary: 'Set an org setting',
        tags,
        params: Params,
        body: Type.Object({ value: Type.Unknown() }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = Number(request.params.id);
      await db.transaction(async (tx) => {
        const before = await putSetting(tx, id, request.params.key, request.body.value, actor.accountId);
        await audit(tx, actor, {
          action: 'setting.changed',
          entity: 'setting',
          entityId: `${id}:${request.params.key}`,
          orgId: id,
          before: { value: before },
          after: { value: request.body.value },
        });
      });
      return noContent(reply);
    },
  );

  app.post(
    '/orgs/:id/settings/:key/reset',
    {
      config: { access: { permission: 'settings.write', entity: 'org' } },
      schema: { summary: 'Reset an org setting to inherited', tags, params: Params, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = Number(request.params.id);
      await db.transaction(async (tx) => {
        const before = await resetSetting(tx, id, request.params.key);
        await audit(tx, actor, { action: 'setting.reset', entity: 'setting', entityId: `${id}:${request.params.key}`, orgId: id, before: { value: before } });
      });
      return noContent(reply);
    },
  );
}
