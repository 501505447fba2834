import { Value } from 'typebox/value';
import type { TSchema, Static } from 'typebox';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { errors, type Messages } from '../errors.ts';
import { orgSetting } from './settings.schema.ts';

/**
 * A rule that differs between localities (DOMAIN.md marks them "configurable"): a default in
 * code, overridable per org subtree. Modules define theirs next to the rule that reads it.
 */
export type SettingDef<S extends TSchema = TSchema> = {
  key: string;
  label: Messages;
  description?: Messages;
  schema: S;
  default: Static<S>;
};

const defs = new Map<string, SettingDef>();

export function defineSetting<S extends TSchema>(def: SettingDef<S>): SettingDef<S> {
  if (defs.has(def.key)) throw new Error(`setting ${def.key} defined twice`);
  if (!Value.Check(def.schema, def.default)) throw new Error(`setting ${def.key}: default does not match its schema`);
  defs.set(def.key, def as unknown as SettingDef);
  return def;
}

export function settingDefs(): SettingDef[] {
  return [...defs.values()];
}

export function settingDef(key: string): SettingDef | undefined {
  return defs.get(key);
}

/** The value in force at an org: its own or its nearest ancestor's row, else the default. */
export async function getSetting<S extends TSchema>(db: DbOrTx, orgPath: string, def: SettingDef<S>): Promise<Static<S>> {
  const found = await effectiveSetting(db, orgPath, def.key);
  return (found ? found.value : def.default) as Static<S>;
}

export async function effectiveSetting(db: DbOrTx, orgPath: string, key: string): Promise<{ value: unknown; orgId: number; orgName: string } | null> {
  const res = await db.execute<{ value: unknown; org_id: number; org_name: string }>(sql`
    select s.value, s.org_id, o.name as org_name
    from org_setting s join org o on o.id = s.org_id
    where s.key = ${key} and ${orgPath}::ltree <@ o.path
    order by o.depth desc limit 1`);
  const row = res.rows[0];
  return row ? { value: row.value, orgId: row.org_id, orgName: row.org_name } : null;
}

/** Validates and stores a value for an org's subtree; returns the previous own value (for audit). */
export async function putSetting(tx: DbOrTx, orgId: number, key: string, value: unknown, by: string | null): Promise<unknown> {
  const def = defs.get(key);
  if (!def) throw errors.notFound('setting');
  if (!Value.Check(def.schema, value)) {
    const first = [...Value.Errors(def.schema, value)][0];
    throw errors.invalid('value', { 'zh-CN': `取值不符合要求：${first?.message ?? ''}`, 'en-US': `not an allowed value: ${first?.message ?? ''}` });
  }
  const [before] = await tx
    .select({ value: orgSetting.value })
    .from(orgSetting)
    .where(and(eq(orgSetting.orgId, orgId), eq(orgSetting.key, key)));
  await tx
    .insert(orgSetting)
    .values({ orgId, key, value, updatedBy: by })
    .onConflictDoUpdate({ target: [orgSetting.orgId, orgSetting.key], set: { value, updatedBy: by, updatedAt: new Date() } });
  return before?.value ?? null;
}

/** Removes an org's own value so the inherited one applies again; returns what it was. */
export async function resetSetting(tx: DbOrTx, orgId: number, key: string): Promise<unknown> {
  if (!defs.has(key)) throw errors.notFound('setting');
  const removed = await tx
    .delete(orgSetting)
    .where(and(eq(orgSetting.orgId, orgId), eq(orgSetting.key, key)))
    .returning({ value: orgSetting.value });
  return removed[0]?.value ?? null;
}
