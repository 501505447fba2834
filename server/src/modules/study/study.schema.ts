import { bigint, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const episodeStatuses = ['published', 'withdrawn'] as const;
export type EpisodeStatus = (typeof episodeStatuses)[number];
export const participationSources = ['import', 'self'] as const;
export type ParticipationSource = (typeof participationSources)[number];

/**
 * One 期 of 青年大学习, published by a committee (usually a province or city) for its subtree:
 * "2026年第10期", studied between its start and end dates.
 */
export const studyEpisode = pgTable(
  'study_episode',
  {
    id: uuid('id').primaryKey(),
    ownerOrgId: bigint('owner_org_id', { mode: 'number' }).notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    status: text('status').$type<EpisodeStatus>().notNull().default('published'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('study_episode_owner_number_uq').on(t.ownerOrgId, t.number), index('study_episode_ends_idx').on(t.endsOn)],
);

/** A member studied an episode: append-only, at most one per member and episode. */
export const studyParticipation = pgTable(
  'study_participation',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id').notNull(),
    memberId: uuid('member_id').notNull(),
    studiedAt: timestamp('studied_at', { withTimezone: true }).notNull(),
    source: text('source').$type<ParticipationSource>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('study_participation_episode_member_uq').on(t.episodeId, t.memberId), index('study_participation_member_idx').on(t.memberId)],
);
