import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types.ts';

export const orgKinds = ['committee', 'working_committee', 'general_branch', 'branch', 'temp_branch'] as const;
export type OrgKind = (typeof orgKinds)[number];
export const orgCategories = [
  'school_higher',
  'school_vocational',
  'school_middle',
  'enterprise_state',
  'enterprise_private',
  'township',
  'village',
  'street',
  'community',
  'government',
  'social',
  'other',
] as const;
export type OrgCategory = (typeof orgCategories)[number];
export const orgStatuses = ['active', 'closed', 'merged'] as const;
export type OrgStatus = (typeof orgStatuses)[number];

export const org = pgTable(
  'org',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    parentId: bigint('parent_id', { mode: 'number' }),
    // Materialized path of ids ('1.12.305'); subtree = path <@ scope, index-backed (GiST).
    path: ltree('path').notNull(),
    depth: integer('depth').notNull(),
    // Roots for scale-out (Citus distribution by province) and cheap group-bys without subpath().
    rootId: bigint('root_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    kind: text('kind').$type<OrgKind>().notNull(),
    category: text('category').$type<OrgCategory>(),
    divisionCode: text('division_code'),
    establishedOn: date('established_on'),
    graduationOn: date('graduation_on'),
    status: text('status').$type<OrgStatus>().notNull().default('active'),
    statusOn: date('status_on'),
    statusReason: text('status_reason'),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
    sortKey: text('sort_key').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_path_gist').using('gist', t.path),
    index('org_parent_idx').on(t.parentId, t.sortKey, t.id),
    index('org_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('org_established_idx').on(t.establishedOn),
    // Two active siblings never share a name: also makes a double submit harmless.
    uniqueIndex('org_sibling_name_uq').on(t.parentId, t.name).where(sql`${t.status} = 'active'`),
  ],
);
