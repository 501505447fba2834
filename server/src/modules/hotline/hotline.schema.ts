import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const caseChannels = ['phone', 'web', 'mobile', 'walk_in', 'referral_in'] as const;
export type CaseChannel = (typeof caseChannels)[number];
export const riskLevels = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof riskLevels)[number];
/** new: taken in, nobody assigned; active: a handler works on it; waiting: paused on the caller; referred: out to an agency until it confirms. */
export const caseStatuses = ['new', 'active', 'waiting', 'referred', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseOutcomes = ['resolved', 'advised', 'referred', 'no_contact', 'withdrawn'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/**
 * A 12355 case. The owning org (`org_id`) is the committee handling it; a transfer moves it.
 * The caller's name and phone are encrypted (pii) with masked copies; the phone's keyed hash
 * counts distinct callers (人) without revealing them.
 */
export const hotlineCase = pgTable(
  'hotline_case',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    number: text('number').notNull(),
    channel: text('channel').$type<CaseChannel>().notNull(),
    category: text('category').notNull(),
    subcategory: text('subcategory'),
    risk: text('risk').$type<RiskLevel>().notNull(),
    status: text('status').$type<CaseStatus>().notNull().default('new'),
    anonymous: boolean('anonymous').notNull().default(false),
    callerNameEnc: text('caller_name_enc'),
    callerNameMasked: text('caller_name_masked'),
    callerPhoneEnc: text('caller_phone_enc'),
    callerPhoneMasked: text('caller_phone_masked'),
    callerPhoneHash: text('caller_phone_hash'),
    callerMinor: boolean('caller_minor').notNull().default(false),
    callerAge: integer('caller_age'),
    callerGender: text('caller_gender'),
    /** what the caller asked about, as told at intake (not a sealed note) */
    summary: text('summary').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** the China date of receivedAt: figures and filters count by day */
    receivedOn: date('received_on').notNull(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }).notNull(),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }).notNull(),
    /** when the current pause (waiting on the caller) began */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    /** the SLA clock's minutes spent paused so far (already added to the due times) */
    pausedMinutes: integer('paused_minutes').notNull().default(0),
    /** set once by the SLA job (or at the late response / closure) */
    firstResponseBreachedAt: timestamp('first_response_breached_at', { withTimezone: true }),
    resolutionBreachedAt: timestamp('resolution_breached_at', { withTimezone: true }),
    counsellorId: uuid('counsellor_id'),
    /** accounts handling the case (intake, assignees): they read its sealed notes */
    handlerIds: uuid('handler_ids').array().notNull().default(sql`'{}'::uuid[]`),
    supervisorId: uuid('supervisor_id'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    escalationReason: text('escalation_reason'),
    safetyPlan: text('safety_plan'),
    safetyPlanAt: timestamp('safety_plan_at', { withTimezone: true }),
    /** high risk: a follow-up must be recorded by then */
    followUpDueAt: timestamp('follow_up_due_at', { withTimezone: true }),
    followedUpAt: timestamp('followed_up_at', { withTimezone: true }),
    outcome: text('outcome').$type<CaseOutcome>(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedOn: date('closed_on'),
    closedBy: uuid('closed_by'),
    closingSummary: text('closing_summary'),
    /** closed within the resolution target */
    resolutionMet: boolean('resolution_met'),
    satisfactionTokenHash: text('satisfaction_token_hash'),
    satisfactionTokenExpiresAt: timestamp('satisfaction_token_expires_at', { withTimezone: true }),
    satisfaction: integer('satisfaction'),
    satisfactionResolved: boolean('satisfaction_resolved'),
    satisfactionComment: text('satisfaction_comment'),
    satisfactionAt: timestamp('satisfaction_at', { withTimezone: true }),
    /** a client's key for one submission: a double submit or a replay finds the first case */
    submissionKey: text('submission_key'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hotline_case_number_uq').on(t.number),
    uniqueIndex('hotline_case_submission_uq').on(t.submissionKey),
    uniqueIndex('hotline_case_token_uq').on(t.satisfactionTokenHash),
    // lists (keyset on received_at, id) and figures of a subtree and period: covering the grouped columns
    index('hotline_case_org_received_idx').on(t.orgId, t.receivedOn, t.category, t.channel, t.risk),
    index('hotline_case_org_list_idx').on(t.orgId, t.receivedAt, t.id),
    index('hotline_case_org_closed_idx').on(t.orgId, t.closedOn).where(sql`${t.closedOn} is not null`),
    // the satisfaction figure counts answers by the China day they came in
    index('hotline_case_org_satisfaction_idx')
      .on(t.orgId, sql`((${t.satisfactionAt} at time zone 'Asia/Shanghai')::date)`)
      .where(sql`${t.satisfaction} is not null`),
    // the SLA job reads only open cases
    index('hotline_case_open_due_idx').on(t.resolutionDueAt).where(sql`${t.status} <> 'closed'`),
  ],
);

/** The counsellor roster of an org: staff counsellors and volunteer experts with their qualifications. */
export const hotlineCounsellor = pgTable(
  'hotline_counsellor',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    /** the counsellor's console account, when they have one (so they handle cases they are assigned) */
    accountId: uuid('account_id'),
    name: text('name').notNull(),
    kind: text('kind').$type<'counsellor' | 'expert'>().notNull(),
    qualifications: text('qualifications').array().notNull().default(sql`'{}'::text[]`),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').$type<'active' | 'inactive'>().notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hotline_counsellor_org_idx').on(t.orgId, t.id)],
);

/** A counselling session or a follow-up visit of a case: one 人次 each. */
export const hotlineSession = pgTable(
  'hotline_session',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<'session' | 'follow_up'>().notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    heldOn: date('held_on').notNull(),
    minutes: integer('minutes').notNull(),
    form: text('form').$type<'phone' | 'face' | 'online' | 'visit'>().notNull(),
    summary: text('summary').notNull(),
    counsellorId: uuid('counsellor_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hotline_session_case_idx').on(t.caseId, t.heldAt), index('hotline_session_org_idx').on(t.orgId, t.heldOn)],
);

/** A sealed case note: the body encrypted; read only by the case's handlers and supervisors, each read audited. Append-only. */
export const hotlineNote = pgTable(
  'hotline_note',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    bodyEnc: text('body_enc').notNull(),
    authorId: uuid('author_id'),
    authorName: text('author_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hotline_note_case_idx').on(t.caseId, t.createdAt)],
);

export const referralAgencies = ['110', '12345', '12348', '12338', 'school', 'hospital', 'other'] as const;
export type ReferralAgency = (typeof referralAgencies)[number];

/** A referral out to another agency; the case stays open until the receiving party confirms. */
export const hotlineReferral = pgTable(
  'hotline_referral',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    agency: text('agency').$type<ReferralAgency>().notNull(),
    receivingParty: text('receiving_party').notNull(),
    referredOn: date('referred_on').notNull(),
    receipt: text('receipt'),
    status: text('status').$type<'pending' | 'confirmed' | 'cancelled'>().notNull().default('pending'),
    confirmedOn: date('confirmed_on'),
    confirmedBy: uuid('confirmed_by'),
    confirmation: text('confirmation'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // one referral awaiting confirmation per case: a double submit finds the first
    uniqueIndex('hotline_referral_pending_uq').on(t.caseId).where(sql`${t.status} = 'pending'`),
    index('hotline_referral_org_idx').on(t.orgId, t.referredOn),
  ],
);

export const groupWorkKinds = ['lecture', 'group_counselling'] as const;
export type GroupWorkKind = (typeof groupWorkKinds)[number];

/** Group work: a lecture (讲座) or a group counselling session (减压辅导), with its reach. */
export const hotlineLecture = pgTable(
  'hotline_lecture',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<GroupWorkKind>().notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on').notNull(),
    place: text('place'),
    audience: text('audience'),
    reach: integer('reach').notNull(),
    /** people: distinct people reached; person_times: 人次 */
    reachUnit: text('reach_unit').$type<'people' | 'person_times'>().notNull(),
    counsellorId: uuid('counsellor_id'),
    status: text('status').$type<'held' | 'cancelled'>().notNull().default('held'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hotline_lecture_org_idx').on(t.orgId, t.heldOn)],
);

/** Case numbers: one counter per year, taken atomically. */
export const hotlineNumberSeq = pgTable('hotline_number_seq', {
  prefix: text('prefix').primaryKey(),
  last: integer('last').notNull(),
});
