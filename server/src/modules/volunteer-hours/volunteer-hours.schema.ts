import { bigint, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const scanKinds = ['in', 'out'] as const;
export type ScanKind = (typeof scanKinds)[number];

/**
 * An accepted check-in or check-out scan. The phone makes `client_scan_id`, so a retried or
 * offline-queued scan finds its first answer instead of counting twice.
 */
export const volunteerScan = pgTable(
  'volunteer_scan',
  {
    id: uuid('id').primaryKey(),
    clientScanId: uuid('client_scan_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    activityId: uuid('activity_id').notNull(),
    /** the activity's org */
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<ScanKind>().notNull(),
    /** when the phone says it scanned (bounded by the token's window) */
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    accountId: uuid('account_id'),
  },
  (t) => [
    uniqueIndex('volunteer_scan_client_uq').on(t.volunteerId, t.clientScanId),
    // one check-in and one check-out per volunteer and shift
    uniqueIndex('volunteer_scan_kind_uq').on(t.volunteerId, t.shiftId, t.kind),
    index('volunteer_scan_shift_idx').on(t.shiftId),
  ],
);

export const hourSources = ['tracked', 'manual'] as const;
export type HourSource = (typeof hourSources)[number];

/**
 * The hours ledger: append-only. A correction is a reversing entry (negative minutes) that
 * names the original; totals are sums. `org_id` is the org that recorded the hours
 * ("谁记录谁证明"), which also issues the certificate.
 */
export const hourEntry = pgTable(
  'hour_entry',
  {
    id: uuid('id').primaryKey(),
    volunteerId: uuid('volunteer_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    source: text('source').$type<HourSource>().notNull(),
    activityId: uuid('activity_id'),
    shiftId: uuid('shift_id'),
    serviceDate: date('service_date').notNull(),
    /** whole minutes; negative on a reversal */
    minutes: integer('minutes').notNull(),
    /** minutes actually present within the shift, before rounding (tracked only) */
    presentMinutes: integer('present_minutes'),
    scheduledMinutes: integer('scheduled_minutes'),
    /** e.g. 'low_coverage': the pair covered too little of the shift and earned nothing */
    flag: text('flag'),
    checkInScanId: uuid('check_in_scan_id'),
    checkOutScanId: uuid('check_out_scan_id'),
    claimId: uuid('claim_id'),
    reversesId: uuid('reverses_id'),
    reason: text('reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hour_entry_volunteer_idx').on(t.volunteerId, t.serviceDate),
    index('hour_entry_org_idx').on(t.orgId, t.serviceDate),
    // a period's partial months at its edges, over a whole province (the rollups hold whole months)
    index('hour_entry_date_idx').on(t.serviceDate),
    // an entry is reversed at most once; a tracked pair is recorded once
    uniqueIndex('hour_entry_reverses_uq').on(t.reversesId),
    uniqueIndex('hour_entry_checkout_uq').on(t.checkOutScanId),
    uniqueIndex('hour_entry_claim_uq').on(t.claimId),
  ],
);

/**
 * Derived monthly rollups of the ledger, updated in the same transaction as every ledger insert
 * (`addToRollup`), so a figure over whole months reads a few rows instead of the ledger. The
 * ledger stays the source of truth; the migration that made these backfilled them from it.
 * Per volunteer, recording org, month and source: rankings. Per org, month and source: totals.
 */
export const hourMonth = pgTable(
  'hour_month',
  {
    volunteerId: uuid('volunteer_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    /** the first day of the service month */
    month: date('month').notNull(),
    source: text('source').$type<HourSource>().notNull(),
    minutes: integer('minutes').notNull(),
    entries: integer('entries').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.volunteerId, t.orgId, t.month, t.source] }),
    // covering: a subtree's ranking reads only this index (org first: subtrees are sets of orgs)
    index('hour_month_org_idx').on(t.orgId, t.month, t.volunteerId, t.minutes),
  ],
);

export const hourOrgMonth = pgTable(
  'hour_org_month',
  {
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    month: date('month').notNull(),
    source: text('source').$type<HourSource>().notNull(),
    minutes: bigint('minutes', { mode: 'number' }).notNull(),
    entries: integer('entries').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.source] })],
);

/**
 * Each volunteer's net minutes per calendar year, wherever recorded: an upper bound of what the
 * volunteer has in any subtree and part of that year (entries are never negative except
 * reversals, which share their original's date and org). The ranking walks volunteers by this
 * bound, most first, and stops once no one further down can reach its top N.
 */
export const hourVolunteerYear = pgTable(
  'hour_volunteer_year',
  {
    volunteerId: uuid('volunteer_id').notNull(),
    year: integer('year').notNull(),
    minutes: integer('minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.volunteerId, t.year] }), index('hour_volunteer_year_rank_idx').on(t.year, t.minutes.desc(), t.volunteerId)],
);

export const claimStatuses = ['pending', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** Hours entered by hand: they reach the ledger only when someone other than the entrant approves. */
export const hourClaim = pgTable(
  'hour_claim',
  {
    id: uuid('id').primaryKey(),
    volunteerId: uuid('volunteer_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    activityId: uuid('activity_id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    serviceDate: date('service_date').notNull(),
    minutes: integer('minutes').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<ClaimStatus>().notNull().default('pending'),
    enteredBy: uuid('entered_by').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hour_claim_org_idx').on(t.orgId, t.status, t.id), index('hour_claim_volunteer_idx').on(t.volunteerId)],
);

export const starStatuses = ['proposed', 'in_notice', 'certified', 'rejected'] as const;
export type StarStatus = (typeof starStatuses)[number];

/** A star level (★–★★★★★) proposed when a volunteer's total crosses its threshold. */
export const starAward = pgTable(
  'star_award',
  {
    id: uuid('id').primaryKey(),
    volunteerId: uuid('volunteer_id').notNull(),
    level: integer('level').notNull(),
    /** the certifying org: county (1–2), city (3–4), province (5) above the volunteer's org */
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    thresholdHours: integer('threshold_hours').notNull(),
    minutesAtProposal: integer('minutes_at_proposal').notNull(),
    proposedOn: date('proposed_on').notNull(),
    status: text('status').$type<StarStatus>().notNull().default('proposed'),
    noticeFrom: date('notice_from'),
    noticeUntil: date('notice_until'),
    decidedOn: date('decided_on'),
    decidedBy: uuid('decided_by'),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // the daily job proposes a level once, whatever became of it
  (t) => [uniqueIndex('star_award_level_uq').on(t.volunteerId, t.level), index('star_award_org_idx').on(t.orgId, t.status)],
);

/** A certificate of service (《志愿服务记录与证明出具办法》2021): the printed fields are kept as issued. */
export const volunteerCertificate = pgTable(
  'volunteer_certificate',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    verifyCode: text('verify_code').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    /** the issuing org = the org that recorded the hours */
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    issuedOn: date('issued_on').notNull(),
    periodFrom: date('period_from'),
    periodTo: date('period_to'),
    trackedMinutes: integer('tracked_minutes').notNull(),
    manualMinutes: integer('manual_minutes').notNull(),
    /** the snapshot printed on the certificate and shown by verification */
    fields: jsonb('fields').notNull(),
    status: text('status').$type<'valid' | 'revoked'>().notNull().default('valid'),
    issuedBy: uuid('issued_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteer_certificate_number_uq').on(t.number),
    uniqueIndex('volunteer_certificate_code_uq').on(t.verifyCode),
    index('volunteer_certificate_volunteer_idx').on(t.volunteerId),
    index('volunteer_certificate_org_idx').on(t.orgId, t.id),
  ],
);

/**
 * A wrong 6-digit check-in code typed by a volunteer. A short code can be guessed, so failures
 * are counted per volunteer over a sliding window (see `codeAttemptLimit`); kept in the database,
 * not in memory, so a restart or a second instance does not reset the count.
 */
export const checkinCodeFailure = pgTable(
  'checkin_code_failure',
  {
    id: uuid('id').primaryKey(),
    volunteerId: uuid('volunteer_id').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
    accountId: uuid('account_id'),
  },
  (t) => [index('checkin_code_failure_volunteer_idx').on(t.volunteerId, t.attemptedAt)],
);
