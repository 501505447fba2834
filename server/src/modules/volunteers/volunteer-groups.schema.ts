import { sql } from 'drizzle-orm';
import { bigint, date, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const teamKinds = ['association', 'commando', 'professional', 'community', 'school', 'enterprise', 'other'] as const;
export type TeamKind = (typeof teamKinds)[number];

/** A volunteer organization or team (志愿服务组织/队伍), owned by a league org. */
export const volunteerTeam = pgTable(
  'volunteer_team',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<TeamKind>().notNull(),
    foundedOn: date('founded_on').notNull(),
    description: text('description'),
    status: text('status').$type<'active' | 'dissolved'>().notNull().default('active'),
    dissolvedOn: date('dissolved_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('volunteer_team_org_idx').on(t.orgId, t.id), uniqueIndex('volunteer_team_name_uq').on(t.orgId, t.name).where(sql`${t.status} = 'active'`)],
);

export const volunteerTeamMember = pgTable(
  'volunteer_team_member',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    role: text('role').$type<'member' | 'leader'>().notNull().default('member'),
    joinedOn: date('joined_on').notNull(),
    status: text('status').$type<'active' | 'left'>().notNull().default('active'),
    leftOn: date('left_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('team_member_live_uq').on(t.teamId, t.volunteerId).where(sql`${t.status} = 'active'`),
    index('team_member_volunteer_idx').on(t.volunteerId),
  ],
);

/** A volunteer service station (志愿服务站) with its star rating. */
export const volunteerStation = pgTable(
  'volunteer_station',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** 1–5; null = not rated yet */
    star: integer('star'),
    ratedOn: date('rated_on'),
    establishedOn: date('established_on').notNull(),
    status: text('status').$type<'active' | 'closed'>().notNull().default('active'),
    closedOn: date('closed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('volunteer_station_org_idx').on(t.orgId, t.id)],
);

/** A themed project (河小青, 文明劝导, 赛会服务 …) with a recruitment target. */
export const volunteerProject = pgTable(
  'volunteer_project',
  {
    id: uuid('id').primaryKey(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    theme: text('theme').notNull(),
    description: text('description'),
    startOn: date('start_on').notNull(),
    endOn: date('end_on'),
    /** volunteers to recruit */
    target: integer('target').notNull(),
    status: text('status').$type<'active' | 'closed'>().notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('volunteer_project_org_idx').on(t.orgId, t.id)],
);

/** A volunteer recruited into a project (once); signing up for a project's activity recruits too. */
export const volunteerProjectMember = pgTable(
  'volunteer_project_member',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    recruitedOn: date('recruited_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('project_member_uq').on(t.projectId, t.volunteerId), index('project_member_recruited_idx').on(t.projectId, t.recruitedOn)],
);
