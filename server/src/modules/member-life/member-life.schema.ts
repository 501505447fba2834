import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// ---- Transfers (组织关系转接) ----
export const transferReasons = ['study', 'work', 'abroad', 'unemployed', 'other'] as const;
export type TransferReason = (typeof transferReasons)[number];
export const transferStatuses = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];
export const transferInitiators = ['self', 'sender', 'receiver'] as const;
export type TransferInitiator = (typeof transferInitiators)[number];

/**
 * One move of a member's league relationship from a branch to a destination org (often in
 * another county). Both sides see it; the receiving side approves and assigns a branch.
 */
export const memberTransfer = pgTable(
  'member_transfer',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id').notNull(),
    fromOrgId: bigint('from_org_id', { mode: 'number' }).notNull(),
    toOrgId: bigint('to_org_id', { mode: 'number' }).notNull(),
    /** the branch inside the destination chosen on approval */
    assignedBranchId: bigint('assigned_branch_id', { mode: 'number' }),
    reason: text('reason').$type<TransferReason>().notNull(),
    initiatedBy: text('initiated_by').$type<TransferInitiator>().notNull(),
    status: text('status').$type<TransferStatus>().notNull().default('pending'),
    requestedOn: date('requested_on').notNull(),
    expiresOn: date('expires_on').notNull(),
    decidedOn: date('decided_on'),
    note: text('note'),
    decisionNote: text('decision_note'),
    /** the receiving side's request this transfer answers (initiated by 'receiver': the sending side consented) */
    requestId: uuid('request_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open transfer per member: a second start (or a double submit) answers 409.
    uniqueIndex('member_transfer_pending_uq').on(t.memberId).where(sql`${t.status} = 'pending'`),
    index('member_transfer_from_idx').on(t.fromOrgId, t.status),
    index('member_transfer_to_idx').on(t.toOrgId, t.status),
    index('member_transfer_expiry_idx').on(t.status, t.expiresOn),
  ],
);

export const transferRequestStatuses = ['requested', 'consented', 'declined', 'expired', 'cancelled'] as const;
export type TransferRequestStatus = (typeof transferRequestStatuses)[number];

/**
 * The receiving side asks for a person it cannot see (a student arriving, a worker moving in) by
 * ID number and name. Nothing is looked up when it is filed: the member's own side finds it by the
 * keyed hash of the ID number and the same name, and consents (a transfer starts) or declines.
 * `memberId`/`fromOrgId` are set only by that decision; a request nobody answers expires.
 */
export const memberTransferRequest = pgTable(
  'member_transfer_request',
  {
    id: uuid('id').primaryKey(),
    /** the destination, owned by the requesting side */
    toOrgId: bigint('to_org_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    reason: text('reason').$type<TransferReason>().notNull(),
    note: text('note'),
    status: text('status').$type<TransferRequestStatus>().notNull().default('requested'),
    requestedOn: date('requested_on').notNull(),
    expiresOn: date('expires_on').notNull(),
    memberId: uuid('member_id'),
    fromOrgId: bigint('from_org_id', { mode: 'number' }),
    transferId: uuid('transfer_id'),
    decidedOn: date('decided_on'),
    decisionNote: text('decision_note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open request per destination and person: a double submit answers 409.
    uniqueIndex('member_transfer_request_open_uq').on(t.toOrgId, t.idNumberHash).where(sql`${t.status} = 'requested'`),
    index('member_transfer_request_hash_idx').on(t.idNumberHash, t.status),
    index('member_transfer_request_to_idx').on(t.toOrgId, t.status),
    index('member_transfer_request_from_idx').on(t.fromOrgId, t.status),
    index('member_transfer_request_expiry_idx').on(t.status, t.expiresOn),
  ],
);

// ---- Dues (团费) ----
export const duesMethods = ['cash', 'wechat', 'alipay', 'bank', 'other'] as const;
export type DuesMethod = (typeof duesMethods)[number];

/**
 * Append-only ledger of dues in fen. A correction is a reversal entry (negative amount)
 * pointing at the entry it cancels; nothing is updated or deleted.
 */
export const duesEntry = pgTable(
  'dues_entry',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid('member_id').notNull(),
    /** the member's branch when the entry was made: scope checks go through it */
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    /** first and last month covered, as the first day of each month */
    fromMonth: date('from_month').notNull(),
    toMonth: date('to_month').notNull(),
    amountFen: integer('amount_fen').notNull(),
    paidOn: date('paid_on').notNull(),
    method: text('method').$type<DuesMethod>().notNull(),
    reversesId: bigint('reverses_id', { mode: 'number' }),
    reason: text('reason'),
    enteredBy: uuid('entered_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dues_entry_member_idx').on(t.memberId, t.fromMonth),
    index('dues_entry_org_idx').on(t.orgId, t.paidOn),
    // An entry is reversed at most once, also under concurrent corrections.
    uniqueIndex('dues_entry_reverses_uq').on(t.reversesId),
  ],
);

/**
 * The months each member has paid, per year, derived from the ledger: bit i of `months` is month
 * i + 1, covered by an entry that was not reversed. Arrears read one row per member here instead of
 * expanding every entry. Rewritten from the ledger (syncPaidMonths) in the transaction of every
 * entry and reversal; the ledger stays the source of truth and the migration backfills from it.
 */
export const duesPaidYear = pgTable(
  'dues_paid_year',
  {
    memberId: uuid('member_id').notNull(),
    year: integer('year').notNull(),
    months: integer('months').notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year] })],
);

// ---- Annual registration (团籍注册) ----
export const registrationStatuses = ['registered', 'deferred'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const memberRegistration = pgTable(
  'member_registration',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    status: text('status').$type<RegistrationStatus>().notNull(),
    registeredOn: date('registered_on'),
    deferredUntil: date('deferred_until'),
    deferReason: text('defer_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('member_registration_uq').on(t.memberId, t.year), index('member_registration_org_idx').on(t.orgId, t.year)],
);

// ---- Annual review (团员教育评议) ----
export const reviewGrades = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
export type ReviewGrade = (typeof reviewGrades)[number];
export const reviewStatuses = ['proposed', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/** A branch's review of one year: proposed by the branch, approved by the committee above. */
export const branchReview = pgTable(
  'branch_review',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    status: text('status').$type<ReviewStatus>().notNull(),
    heldOn: date('held_on').notNull(),
    /** members entitled to attend, and those who did (≥ 2/3 required) */
    expected: integer('expected').notNull(),
    attended: integer('attended').notNull(),
    decisionNote: text('decision_note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A rejected review may be proposed again; one live review per branch and year.
  (t) => [uniqueIndex('branch_review_live_uq').on(t.orgId, t.year).where(sql`${t.status} <> 'rejected'`)],
);

export const reviewGrade = pgTable(
  'review_grade',
  {
    reviewId: uuid('review_id').notNull(),
    memberId: uuid('member_id').notNull(),
    grade: text('grade').$type<ReviewGrade>().notNull(),
  },
  (t) => [uniqueIndex('review_grade_uq').on(t.reviewId, t.memberId), index('review_grade_member_idx').on(t.memberId)],
);

// ---- Removal after self-lapse (自行脱团), voted by the branch, approved above ----
export const removalStatuses = ['proposed', 'approved', 'rejected'] as const;
export type RemovalStatus = (typeof removalStatuses)[number];

export const memberRemoval = pgTable(
  'member_removal',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    status: text('status').$type<RemovalStatus>().notNull(),
    meetingOn: date('meeting_on').notNull(),
    reason: text('reason').notNull(),
    decidedOn: date('decided_on'),
    decisionNote: text('decision_note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('member_removal_open_uq').on(t.memberId).where(sql`${t.status} = 'proposed'`)],
);

// ---- Recommending to the Party (推优入党) ----
/** The member's written application to join the Party: the 6-month clock starts here. */
export const partyApplication = pgTable('party_application', {
  memberId: uuid('member_id').primaryKey(),
  appliedOn: date('applied_on').notNull(),
  recordedBy: uuid('recorded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const partyRecommendation = pgTable(
  'party_recommendation',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    meetingOn: date('meeting_on').notNull(),
    /** members with a vote, present at the meeting, voting yes */
    voters: integer('voters').notNull(),
    present: integer('present').notNull(),
    yes: integer('yes').notNull(),
    validUntil: date('valid_until').notNull(),
    status: text('status').$type<'recommended' | 'withdrawn'>().notNull().default('recommended'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('party_recommendation_org_idx').on(t.orgId, t.meetingOn), index('party_recommendation_member_idx').on(t.memberId)],
);

// ---- Reminders and flags ----
export const reminderKinds = ['age_out', 'lapse_review', 'transfer_overdue', 'registration', 'review', 'dues', 'study', 'other'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** Something a member (or their branch) must do, created by the daily job or by a person. */
export const memberReminder = pgTable(
  'member_reminder',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<ReminderKind>().notNull(),
    dueOn: date('due_on').notNull(),
    source: text('source').$type<'job' | 'person'>().notNull(),
    createdBy: uuid('created_by'),
    status: text('status').$type<'open' | 'done'>().notNull().default('open'),
    note: text('note'),
    doneOn: date('done_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open reminder per member and kind: the daily job and bulk creation stay idempotent.
    uniqueIndex('member_reminder_open_uq').on(t.memberId, t.kind).where(sql`${t.status} = 'open'`),
    index('member_reminder_org_idx').on(t.orgId, t.status),
  ],
);
