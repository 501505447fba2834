import { sql } from 'drizzle-orm';
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A registered volunteer (real-name, on `person`); the registering org owns the row. */
export const volunteer = pgTable(
  'volunteer',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    /** 志愿者编号, unique */
    number: text('number').notNull(),
    status: text('status').$type<'active' | 'suspended' | 'left'>().notNull().default('active'),
    registeredOn: date('registered_on').notNull(),
    /** when the status last changed (leaving counts from this day) */
    statusOn: date('status_on'),
    /** 14–18: who consented (required), 16–18 self-supporting may register alone */
    guardianName: text('guardian_name'),
    guardianRelation: text('guardian_relation'),
    guardianConsentOn: date('guardian_consent_on'),
    selfSupporting: boolean('self_supporting').notNull().default(false),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    areas: text('areas').array().notNull().default(sql`'{}'::text[]`),
    insuredUntil: date('insured_until'),
    /** trainings completed (names), checked against an activity's required training */
    trainings: text('trainings').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('volunteer_person_uq').on(t.personId), uniqueIndex('volunteer_number_uq').on(t.number), index('volunteer_org_idx').on(t.orgId, t.id)],
);

/** A volunteer activity (志愿服务活动) owned by an org; its time slots are shifts. */
export const activity = pgTable(
  'activity',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    teamId: uuid('team_id'),
    projectId: uuid('project_id'),
    title: text('title').notNull(),
    description: text('description'),
    /** service content as it appears on records and certificates */
    serviceContent: text('service_content'),
    place: text('place'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** metres; null = no geofence */
    geofenceM: integer('geofence_m'),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    /** past capacity: put sign-ups on a waiting list (true) or refuse them (false) */
    waitlist: boolean('waitlist').notNull().default(true),
    minAge: integer('min_age'),
    maxAge: integer('max_age'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    requiresInsurance: boolean('requires_insurance').notNull().default(false),
    requiresTraining: text('requires_training'),
    /** recurring schedule, e.g. { kind: 'monthly_weekdays', weeks: [1, 3], weekday: 6, start: '09:00', end: '11:00' } */
    recurrence: jsonb('recurrence'),
    status: text('status').$type<'draft' | 'published' | 'cancelled' | 'closed'>().notNull().default('draft'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('activity_org_idx').on(t.orgId, t.id)],
);

/** A time slot of an activity with its own capacity. */
export const shift = pgTable(
  'shift',
  {
    id: uuid('id').primaryKey(),
    activityId: uuid('activity_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    status: text('status').$type<'open' | 'cancelled'>().notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // One slot per activity and start time: generating a recurring schedule twice adds nothing.
  (t) => [uniqueIndex('shift_activity_start_uq').on(t.activityId, t.startsAt), index('shift_org_idx').on(t.orgId, t.startsAt)],
);

export const signupStatuses = ['pending', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'rejected', 'no_show'] as const;
export type SignupStatus = (typeof signupStatuses)[number];

/** A volunteer's place on a shift: confirmed, waiting, offered a freed place, … */
export const signup = pgTable(
  'signup',
  {
    id: uuid('id').primaryKey(),
    shiftId: uuid('shift_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    status: text('status').$type<SignupStatus>().notNull(),
    /** waitlist order */
    position: integer('position'),
    /** an offered place must be confirmed before this time */
    offeredUntil: timestamp('offered_until', { withTimezone: true }),
    /** why it was rejected, cancelled or expired */
    reason: text('reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('signup_live_uq').on(t.shiftId, t.volunteerId).where(sql`${t.status} not in ('cancelled', 'rejected')`),
    index('signup_shift_idx').on(t.shiftId, t.status),
    index('signup_volunteer_idx').on(t.volunteerId),
  ],
);

/** Volunteer numbers: one counter per prefix (division code + year), taken atomically. */
export const volunteerNumberSeq = pgTable('volunteer_number_seq', {
  prefix: text('prefix').primaryKey(),
  last: integer('last').notNull(),
});
