import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const memberStatuses = ['active', 'left'] as const;
export type MemberStatus = (typeof memberStatuses)[number];
export const leaveReasons = ['age', 'voluntary', 'lapse', 'party', 'death', 'other'] as const;
export type LeaveReason = (typeof leaveReasons)[number];
/** Which dues standard applies (中青发〔2016〕13号). */
export const duesCategories = ['student', 'unemployed', 'low_income', 'salaried', 'farmer', 'other'] as const;
export type DuesCategory = (typeof duesCategories)[number];

/**
 * A league member (团员): one per person while active; history stays when they leave.
 * The branch (org_id) owns the row; scope checks go through it.
 */
export const member = pgTable(
  'member',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    /** 发展团员编号: 12 digits, first 4 = admission year; required for admissions since 2017-01-01 */
    developmentNumber: text('development_number'),
    admittedOn: date('admitted_on').notNull(),
    status: text('status').$type<MemberStatus>().notNull().default('active'),
    leftOn: date('left_on'),
    leftReason: text('left_reason').$type<LeaveReason>(),
    leftNote: text('left_note'),
    /** league post held (团干部 etc.): members with a post do not leave at 28 */
    leaguePost: text('league_post'),
    duesCategory: text('dues_category').$type<DuesCategory>().notNull().default('other'),
    /** after-tax fixed monthly pay in fen, for the salaried dues standard */
    monthlyIncomeFen: integer('monthly_income_fen'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_org_idx').on(t.orgId, t.status, t.id),
    uniqueIndex('member_person_active_uq').on(t.personId).where(sql`${t.status} = 'active'`),
    uniqueIndex('member_devno_uq').on(t.developmentNumber),
    index('member_admitted_idx').on(t.admittedOn),
  ],
);
