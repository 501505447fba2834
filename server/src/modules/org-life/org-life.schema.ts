import { sql } from 'drizzle-orm';
import { bigint, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** 支部团员大会 / 支部委员会 / 团小组会 / 团课 / 主题团日 */
export const meetingKinds = ['general_meeting', 'committee_meeting', 'group_meeting', 'lesson', 'theme_day'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const meetingStatuses = ['recorded', 'void'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** One meeting of a branch's organizational life (三会两制一课). */
export const meeting = pgTable(
  'meeting',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<MeetingKind>().notNull(),
    heldOn: date('held_on').notNull(),
    topic: text('topic').notNull(),
    minutes: text('minutes'),
    /** 团课 学时 in tenths of an hour (a lesson of 1.5 学时 = 15), so sums stay exact */
    hoursTenths: integer('hours_tenths').notNull().default(0),
    status: text('status').$type<MeetingStatus>().notNull().default('recorded'),
    voidReason: text('void_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_org_idx').on(t.orgId, t.heldOn, t.id), index('meeting_held_idx').on(t.heldOn)],
);

/** Who attended a meeting: members of the branch on that day. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    meetingId: uuid('meeting_id').notNull(),
    memberId: uuid('member_id').notNull(),
    personId: uuid('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index('meeting_attendance_person_idx').on(t.personId)],
);

export const fileOwners = ['meeting', 'rating'] as const;
export type FileOwner = (typeof fileOwners)[number];

/** Small uploaded files (minutes scans, rating evidence), kept in the database with their org. */
export const orglifeFile = pgTable(
  'orglife_file',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    ownerKind: text('owner_kind').$type<FileOwner>().notNull(),
    ownerId: uuid('owner_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    status: text('status').$type<'active' | 'removed'>().notNull().default('active'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('orglife_file_owner_idx').on(t.ownerKind, t.ownerId)],
);

export const ratingGrades = ['five_star', 'four_star', 'three_star', 'two_star', 'weak'] as const;
export type RatingGrade = (typeof ratingGrades)[number];
export const ratingStates = ['draft', 'submitted', 'returned', 'approved'] as const;
export type RatingState = (typeof ratingStates)[number];

export type IndicatorScore = {
  key: string;
  max: number;
  score: number;
  /** 'data': computed from records; 'declared': stated by the branch with evidence */
  source: 'data' | 'declared';
  evidence?: string | null;
  detail?: string | null;
};

/** 团支部对标定级: one rating per branch and year, self-rated then reviewed above. */
export const branchRating = pgTable(
  'branch_rating',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    state: text('state').$type<RatingState>().notNull().default('draft'),
    indicators: jsonb('indicators').$type<IndicatorScore[]>().notNull(),
    vetoes: jsonb('vetoes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    selfScore: integer('self_score').notNull(),
    selfGrade: text('self_grade').$type<RatingGrade>().notNull(),
    finalScore: integer('final_score'),
    finalGrade: text('final_grade').$type<RatingGrade>(),
    reviewComment: text('review_comment'),
    reviewedOn: date('reviewed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('branch_rating_org_year_uq').on(t.orgId, t.year), index('branch_rating_year_idx').on(t.year, t.state)],
);
