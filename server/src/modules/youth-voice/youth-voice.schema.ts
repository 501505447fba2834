import { bigint, boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** 青年之声: received → routed → answered → published; rejected ends an invalid question. */
export const questionStatuses = ['received', 'routed', 'answered', 'published', 'rejected'] as const;
export type QuestionStatus = (typeof questionStatuses)[number];
export const questionCategories = ['study', 'work', 'psychology', 'law', 'rights', 'league', 'other'] as const;
export type QuestionCategory = (typeof questionCategories)[number];
/** 听-答-办: what a question became. */
export const outcomeKinds = ['case', 'wish', 'suggestion'] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

/**
 * A question from a youth, addressed to a committee (`org_id`: first the committee asked, then the
 * org it was routed to; `received_org_id` keeps the first). Asker's name and phone are optional
 * (anonymous allowed); the phone is sealed. The answer is moderated: `answer_flags` lists the
 * sensitive words found in it, and an answer with flags is published only after a review.
 */
export const yvQuestion = pgTable(
  'yv_question',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    receivedOrgId: bigint('received_org_id', { mode: 'number' }).notNull(),
    category: text('category').$type<QuestionCategory>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    anonymous: boolean('anonymous').notNull().default(true),
    askerName: text('asker_name'),
    askerPhone: text('asker_phone'),
    askerPhoneMasked: text('asker_phone_masked'),
    /** the client's key for one submission: a double submit or a replay finds the first */
    submitKey: uuid('submit_key'),
    status: text('status').$type<QuestionStatus>().notNull().default('received'),
    expert: text('expert'),
    routedAt: timestamp('routed_at', { withTimezone: true }),
    answer: text('answer'),
    answerFlags: jsonb('answer_flags').$type<string[]>(),
    answeredBy: uuid('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('yv_question_submit_key_uq').on(t.submitKey),
    index('yv_question_org_idx').on(t.orgId, t.createdAt, t.id),
    index('yv_question_created_idx').on(t.createdAt, t.id),
    index('yv_question_published_idx').on(t.publishedAt),
  ],
);

/** What a question became (a 12355 case, a wish, a suggestion): kind plus the target's id. Append-only. */
export const yvOutcome = pgTable(
  'yv_outcome',
  {
    id: uuid('id').primaryKey(),
    questionId: uuid('question_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<OutcomeKind>().notNull(),
    refId: text('ref_id').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('yv_outcome_question_kind_ref_uq').on(t.questionId, t.kind, t.refId), index('yv_outcome_created_idx').on(t.createdAt)],
);

/** 微心愿: submitted → approved → published → claimed → delivered → followed_up; rejected ends one. */
export const wishStatuses = ['submitted', 'approved', 'published', 'claimed', 'delivered', 'followed_up', 'rejected'] as const;
export type WishStatus = (typeof wishStatuses)[number];
export const ageBands = ['0-5', '6-11', '12-14', '15-17'] as const;
export type AgeBand = (typeof ageBands)[number];
export const donorKinds = ['person', 'org'] as const;
export type DonorKind = (typeof donorKinds)[number];

/** The child's data, sealed as one encrypted JSON document (`sealed`). */
export type SealedChild = { name: string; school: string; situation: string; guardianPhone: string };

/**
 * A wish for a child in difficulty. Public fields (what is wished, age band, area) are what the
 * public page shows; the child's data is sealed; the donor's phone too.
 */
export const yvWish = pgTable(
  'yv_wish',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    source: text('source').$type<'console' | 'public' | 'question'>().notNull(),
    questionId: uuid('question_id'),
    wish: text('wish').notNull(),
    ageBand: text('age_band').$type<AgeBand>().notNull(),
    area: text('area').notNull(),
    sealed: text('sealed').notNull(),
    childNameMasked: text('child_name_masked').notNull(),
    guardianPhoneMasked: text('guardian_phone_masked').notNull(),
    submitterName: text('submitter_name'),
    submitterPhone: text('submitter_phone'),
    submitterPhoneMasked: text('submitter_phone_masked'),
    submitKey: uuid('submit_key'),
    recordedBy: uuid('recorded_by'),
    status: text('status').$type<WishStatus>().notNull().default('submitted'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    donorKind: text('donor_kind').$type<DonorKind>(),
    donorName: text('donor_name'),
    donorOrgId: bigint('donor_org_id', { mode: 'number' }),
    donorPhone: text('donor_phone'),
    donorPhoneMasked: text('donor_phone_masked'),
    donorPhoneHash: text('donor_phone_hash'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    deliveredOn: date('delivered_on'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    receiverConfirmation: text('receiver_confirmation'),
    followUp: text('follow_up'),
    followedUpOn: date('followed_up_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('yv_wish_submit_key_uq').on(t.submitKey),
    // one wish per question: a double "becomes a wish" creates one
    uniqueIndex('yv_wish_question_uq').on(t.questionId),
    index('yv_wish_org_idx').on(t.orgId, t.createdAt, t.id),
    index('yv_wish_status_idx').on(t.status, t.publishedAt),
  ],
);

/** Delivery proof photos, kept in the database with their org (small: the upload limit applies). */
export const yvFile = pgTable(
  'yv_file',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    wishId: uuid('wish_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    status: text('status').$type<'active' | 'removed'>().notNull().default('active'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('yv_file_wish_idx').on(t.wishId)],
);

/** Platform visits per org and day, imported from the 青年之声 platform's export. */
export const yvVisit = pgTable(
  'yv_visit',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    day: date('day').notNull(),
    visits: integer('visits').notNull(),
    importedBy: uuid('imported_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('yv_visit_org_day_uq').on(t.orgId, t.day), index('yv_visit_day_idx').on(t.day)],
);
