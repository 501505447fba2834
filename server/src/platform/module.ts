// A module is one definition: its routes, figures, jobs, entities, field labels, permissions,
// menu and error codes. server/src/modules.ts lists the modules once; nothing registers itself
// as a side effect of an import.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { EntityResolver } from './access/entities.ts';
import { registerEntity } from './access/entities.ts';
import type { Permission } from './access/roles.ts';
import { kernelFieldLabels, registerUniqueField, type Messages } from './errors.ts';
import { registerJob, type Job } from './jobs/jobs.ts';
import { registerMetric, type Metric } from './metrics/registry.ts';
import type { Pii } from './pii.ts';

/** What a module's route plugins receive. */
export type ModuleDeps = { db: Db; pii: Pii; config: Config };
export type ModuleRoutes = FastifyPluginAsync<ModuleDeps>;

/** A console page a module offers, with the permission its menu entry needs. */
export type MenuEntry = { path: string; label: Messages; permission: Permission };

export type ModuleDefinition = {
  /** kebab-case, the folder name; also the OpenAPI tag of its routes */
  name: string;
  label: Messages;
  routes?: readonly ModuleRoutes[];
  metrics?: readonly Metric[];
  jobs?: readonly Job[];
  /** entity name → the org path(s) owning an id, for routes' `config.access.entities` */
  entities?: Readonly<Record<string, EntityResolver>>;
  /** field → label, for messages that name a field; the kernel's shared labels need not be repeated */
  labels?: Readonly<Record<string, Messages>>;
  /** unique index → field it guards, so a lost race answers the same 409 as the check before it */
  uniqueFields?: Readonly<Record<string, string>>;
  /** the permissions its routes require (checked by a test against the routes) */
  permissions?: readonly Permission[];
  menu?: readonly MenuEntry[];
  /** the module's error codes (`defineErrors`), listed for the error catalogue and its tests */
  errors?: { readonly module: string; readonly codes: Readonly<Record<string, string>> };
};

export function defineModule<const M extends ModuleDefinition>(m: M): M {
  return m;
}

const installed = new Map<string, ModuleDefinition>();

/**
 * Puts the modules' figures, jobs, entities and unique fields into the kernel's registries. Safe
 * to call again with the same definitions (each test file builds its own app).
 */
export function installModules(modules: readonly ModuleDefinition[]): void {
  for (const m of modules) {
    const known = installed.get(m.name);
    if (known === m) continue;
    if (known) throw new Error(`module ${m.name} defined twice`);
    installed.set(m.name, m);
    for (const metric of m.metrics ?? []) registerMetric(metric);
    for (const job of m.jobs ?? []) registerJob(job);
    for (const [name, resolver] of Object.entries(m.entities ?? {})) registerEntity(name, resolver);
    for (const [index, field] of Object.entries(m.uniqueFields ?? {})) registerUniqueField(index, field, { ...kernelFieldLabels, ...m.labels });
  }
}

/** Registers each module's routes in its own scope, tagged with the module's name. */
export async function registerModuleRoutes(app: FastifyInstance, deps: ModuleDeps, modules: readonly ModuleDefinition[]): Promise<void> {
  for (const m of modules) {
    if (!m.routes?.length) continue;
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, tags: [m.name] };
      });
      for (const routes of m.routes ?? []) await scope.register(routes, deps);
    });
  }
}

export function installedModules(): ModuleDefinition[] {
  return [...installed.values()];
}
