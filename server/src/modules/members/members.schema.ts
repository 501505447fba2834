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

/**
 * 团员发展 stages, in order. `rejected` and `withdrawn` end an application without admission;
 * `approved` creates the member row (membership counts from the vote); `inducted` = 入团仪式 held.
 */
export const applicationStages = ['applied', 'activist', 'candidate', 'reviewed', 'voted', 'approved', 'inducted', 'rejected', 'withdrawn'] as const;
export type ApplicationStage = (typeof applicationStages)[number];
/**
 * Open applications: not yet decided, so they can still be rejected or withdrawn, and a person has
 * at most one (the partial unique index below is built from this list).
 */
export const openStages = ['applied', 'activist', 'candidate', 'reviewed', 'voted'] as const satisfies readonly ApplicationStage[];
export function isOpenStage(stage: ApplicationStage): boolean {
  return (openStages as readonly ApplicationStage[]).includes(stage);
}
/**
 * Applications still in development: the open ones, and approved ones awaiting the ceremony
 * (入团仪式). The 在办 list and the development figure count these.
 */
export const pendingStages = [...openStages, 'approved'] as const satisfies readonly ApplicationStage[];
export type PendingStage = (typeof pendingStages)[number];

/** `column in ('a', 'b')` with the values written out, for a partial index's predicate (the stages are constants). */
function inList(column: unknown, values: readonly string[]) {
  return sql`${column} in ${sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`)}`;
}
/** How an activist was put forward: member recommendation or 少先队推优. */
export const activistRoutes = ['recommendation', 'young_pioneers'] as const;
export type ActivistRoute = (typeof activistRoutes)[number];

/**
 * One application to join (入团申请) and its way through development. The branch (org_id) owns
 * it; every step is also stored in workflow_step with actor, date and evidence.
 */
export const memberApplication = pgTable(
  'member_application',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    stage: text('stage').$type<ApplicationStage>().notNull(),
    appliedOn: date('applied_on').notNull(),
    activistOn: date('activist_on'),
    activistRoute: text('activist_route').$type<ActivistRoute>(),
    /** 团课 hours completed during training */
    lessonHours: integer('lesson_hours').notNull().default(0),
    candidateOn: date('candidate_on'),
    sponsor1Id: uuid('sponsor1_id'),
    sponsor2Id: uuid('sponsor2_id'),
    reviewedOn: date('reviewed_on'),
    voteOn: date('vote_on'),
    voteEligible: integer('vote_eligible'),
    votePresent: integer('vote_present'),
    voteYes: integer('vote_yes'),
    approvedOn: date('approved_on'),
    ceremonyOn: date('ceremony_on'),
    closedOn: date('closed_on'),
    closedReason: text('closed_reason'),
    /** the member row created at approval */
    memberId: uuid('member_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_application_org_idx').on(t.orgId, t.stage, t.id),
    // Lists by stage over a city or province page in id order: a walk of this index finds the stage's rows.
    index('member_application_stage_idx').on(t.stage, t.id),
    // One open application per person, also under concurrent submits.
    uniqueIndex('member_application_open_uq').on(t.personId).where(inList(t.stage, openStages)),
  ],
);

/** The last generated development-number sequence per admission year (numbers are year + 8 digits). */
export const memberNumberCounter = pgTable('member_number_counter', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * A school's declared cohort for a year (e.g. the graduating class size), against which the
 * admission quota (members.quota, a share in percent) is measured.
 */
export const memberCohort = pgTable(
  'member_cohort',
  {
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    size: integer('size').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('member_cohort_uq').on(t.orgId, t.year)],
);
