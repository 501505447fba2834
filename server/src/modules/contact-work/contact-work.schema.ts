// Contact work ("1+100", 下沉走访): cadres' contact books and logs, visits to grassroots orgs,
// research reports, suggestions and their follow-up, proposals through deputies, pairings.
// Every table name and export is prefixed (cw) so the shared schema index never sees a clash.
import { sql } from 'drizzle-orm';
import { bigint, customType, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * A youth in a cadre's contact book. `org_id` is where the youth belongs in the tree (scope goes
 * through it); the cadre is a person holding a cadre post (`cadre_id` the post the contact was
 * taken up under, `cadre_person_id` the person, so a book survives re-election).
 */
export const cwContact = pgTable(
  'cw_contact',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    cadreId: uuid('cadre_id').notNull(),
    cadrePersonId: uuid('cadre_person_id').notNull(),
    name: text('name').notNull(),
    // Personal data: ciphertext, keyed hash (duplicates), masked text for display.
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    kind: text('kind').notNull(),
    occupation: text('occupation'),
    note: text('note'),
    status: text('status').$type<'active' | 'removed'>().notNull().default('active'),
    removedOn: date('removed_on'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cw_contact_org_idx').on(t.orgId, t.id),
    index('cw_contact_cadre_idx').on(t.cadrePersonId, t.status, t.id),
    // One youth once in a cadre's book (by phone), also under a double submit.
    uniqueIndex('cw_contact_cadre_phone_uq').on(t.cadrePersonId, t.phoneHash).where(sql`${t.status} = 'active' and ${t.phoneHash} is not null`),
    // Without a phone, the same name at the same org once per book: a second 张伟 there needs a phone to tell them apart.
    uniqueIndex('cw_contact_cadre_name_uq').on(t.cadrePersonId, t.orgId, t.name).where(sql`${t.status} = 'active' and ${t.phoneHash} is null`),
  ],
);

/** One contact with a youth (面谈, 电话, 微信, 走访 …): append-only; `request_id` makes a resubmit harmless. */
export const cwContactLog = pgTable(
  'cw_contact_log',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    contactId: uuid('contact_id').notNull(),
    cadrePersonId: uuid('cadre_person_id').notNull(),
    contactedOn: date('contacted_on').notNull(),
    way: text('way').notNull(),
    topic: text('topic').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cw_contact_log_request_uq').on(t.requestId),
    // figures of a subtree and period: index-only over (org, day) with the contact carried along
    index('cw_contact_log_org_day_idx').on(t.orgId, t.contactedOn, t.contactId),
    index('cw_contact_log_cadre_day_idx').on(t.cadrePersonId, t.contactedOn, t.contactId),
    index('cw_contact_log_contact_idx').on(t.contactId, t.contactedOn),
  ],
);

/** A visit to a grassroots org (下沉走访): the visited org owns it. */
export const cwVisit = pgTable(
  'cw_visit',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    visitedOn: date('visited_on').notNull(),
    visitors: text('visitors').notNull(),
    topic: text('topic').notNull(),
    note: text('note'),
    status: text('status').$type<'recorded' | 'void'>().notNull().default('recorded'),
    voidReason: text('void_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cw_visit_org_idx').on(t.orgId, t.visitedOn), index('cw_visit_day_idx').on(t.visitedOn)],
);

/** A research report (调研报告) written by an org's cadres, with attachments. */
export const cwReport = pgTable(
  'cw_report',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    title: text('title').notNull(),
    authors: text('authors').notNull(),
    writtenOn: date('written_on').notNull(),
    summary: text('summary'),
    status: text('status').$type<'recorded' | 'void'>().notNull().default('recorded'),
    voidReason: text('void_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cw_report_org_idx').on(t.orgId, t.writtenOn)],
);

/** A report's attachment: small, type checked by its first bytes, served only as a download. */
export const cwFile = pgTable(
  'cw_file',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    reportId: uuid('report_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cw_file_report_idx').on(t.reportId)],
);

/**
 * A suggestion (意见建议) from a youth, a contact, 青年之声 or a meeting: collected → assigned →
 * resolved or explained → followed up (回访); each step is a workflow step with its date.
 */
export const cwSuggestion = pgTable(
  'cw_suggestion',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id'),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    /** what it came from: a contact's id, a 青年之声 question's id, a meeting's name … */
    sourceRef: text('source_ref'),
    contactId: uuid('contact_id'),
    submitter: text('submitter'),
    title: text('title').notNull(),
    content: text('content').notNull(),
    receivedOn: date('received_on').notNull(),
    state: text('state').notNull(),
    assigneeId: uuid('assignee_id'),
    assignedOn: date('assigned_on'),
    dueOn: date('due_on'),
    /** resolved or explained: its day, and what was done or said */
    outcome: text('outcome'),
    settledOn: date('settled_on'),
    answer: text('answer'),
    followUpDueOn: date('follow_up_due_on'),
    followUpRemindedOn: date('follow_up_reminded_on'),
    followedUpOn: date('followed_up_on'),
    satisfaction: text('satisfaction'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cw_suggestion_request_uq').on(t.requestId),
    index('cw_suggestion_org_idx').on(t.orgId, t.receivedOn),
    index('cw_suggestion_received_idx').on(t.receivedOn, t.id),
    index('cw_suggestion_follow_up_idx').on(t.followUpDueOn).where(sql`${t.followedUpOn} is null and ${t.followUpRemindedOn} is null`),
  ],
);

/** A proposal (议案/提案) submitted through a deputy or member, with the answer received. */
export const cwProposal = pgTable(
  'cw_proposal',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    title: text('title').notNull(),
    content: text('content'),
    proposer: text('proposer').notNull(),
    session: text('session'),
    submittedOn: date('submitted_on').notNull(),
    state: text('state').notNull(),
    decidedOn: date('decided_on'),
    answer: text('answer'),
    answeredOn: date('answered_on'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cw_proposal_org_idx').on(t.orgId, t.submittedOn)],
);

/** A pairing (手拉手 结对) between two orgs or people; the org that keeps it owns it. */
export const cwPairing = pgTable(
  'cw_pairing',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    sideA: text('side_a').notNull(),
    sideAOrgId: bigint('side_a_org_id', { mode: 'number' }),
    sideB: text('side_b').notNull(),
    sideBOrgId: bigint('side_b_org_id', { mode: 'number' }),
    theme: text('theme'),
    startedOn: date('started_on').notNull(),
    endedOn: date('ended_on'),
    endReason: text('end_reason'),
    status: text('status').$type<'active' | 'ended'>().notNull().default('active'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cw_pairing_org_idx').on(t.orgId, t.startedOn)],
);

/** What a pairing did together: an append-only log. */
export const cwPairingActivity = pgTable(
  'cw_pairing_activity',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    pairingId: uuid('pairing_id').notNull(),
    heldOn: date('held_on').notNull(),
    title: text('title').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cw_pairing_activity_pairing_idx').on(t.pairingId, t.heldOn)],
);
