import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const cadrePosts = ['secretary', 'deputy_secretary', 'organization', 'publicity', 'member', 'staff'] as const;
export type CadrePost = (typeof cadrePosts)[number];
/** 专职 / 兼职 / 挂职 */
export const cadreKinds = ['full_time', 'part_time', 'seconded'] as const;
export type CadreKind = (typeof cadreKinds)[number];
export const cadreStatuses = ['active', 'ended'] as const;
export type CadreStatus = (typeof cadreStatuses)[number];
export const electionStatuses = ['recorded', 'void'] as const;
export type ElectionStatus = (typeof electionStatuses)[number];

/**
 * A league post held by a person at an org (团干部). The person row carries birth date,
 * education and political status, so structure figures read them from there.
 */
export const cadre = pgTable(
  'cadre',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    post: text('post').$type<CadrePost>().notNull(),
    kind: text('kind').$type<CadreKind>().notNull(),
    termStart: date('term_start').notNull(),
    termEnd: date('term_end'),
    /** 进村（社区）两委 */
    inVillageCommittee: boolean('in_village_committee').notNull().default(false),
    status: text('status').$type<CadreStatus>().notNull().default('active'),
    endedOn: date('ended_on'),
    endReason: text('end_reason'),
    /** the election (换届) that appointed this cadre, if any */
    electionId: uuid('election_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cadre_org_idx').on(t.orgId, t.status, t.id),
    index('cadre_person_idx').on(t.personId),
    // One active post per person and org; one active secretary per org.
    uniqueIndex('cadre_person_org_active_uq').on(t.orgId, t.personId).where(sql`${t.status} = 'active'`),
    uniqueIndex('cadre_secretary_active_uq').on(t.orgId).where(sql`${t.status} = 'active' and ${t.post} = 'secretary'`),
  ],
);

/** An election (换届) of an org's committee; its new committee are the cadre rows naming it. */
export const election = pgTable(
  'election',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    heldOn: date('held_on').notNull(),
    termYears: integer('term_years').notNull(),
    termEndsOn: date('term_ends_on').notNull(),
    note: text('note'),
    status: text('status').$type<ElectionStatus>().notNull().default('recorded'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('election_org_idx').on(t.orgId, t.heldOn), index('election_held_idx').on(t.heldOn)],
);
