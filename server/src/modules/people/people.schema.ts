import { sql } from 'drizzle-orm';
import { bigint, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const genders = ['M', 'F'] as const;
export type Gender = (typeof genders)[number];

/** The one record of a human, whatever roles they hold. */
export const person = pgTable(
  'person',
  {
    id: uuid('id').primaryKey(),
    // The org that keeps this record; scope checks go through it.
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    gender: text('gender').$type<Gender>().notNull(),
    birthDate: date('birth_date').notNull(),
    ethnicity: text('ethnicity'),
    education: text('education'),
    politicalStatus: text('political_status'),
    // Personal data: AES-256-GCM ciphertext, keyed HMAC for lookups, masked text for display.
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    address: text('address'),
    status: text('status').$type<'active' | 'archived'>().notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('person_org_idx').on(t.orgId, t.id),
    // One person per ID number, also under concurrent creates.
    uniqueIndex('person_id_hash_uq').on(t.idNumberHash),
    index('person_phone_hash_idx').on(t.phoneHash),
    index('person_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const linkPurposes = ['person', 'member', 'volunteer', 'account'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];
export const linkStatuses = ['requested', 'accepted', 'declined', 'expired'] as const;
export type LinkStatus = (typeof linkStatuses)[number];

/**
 * A request to link a person kept by another org (智慧团建: a person belongs to one org's scope).
 * It belongs to the org that asks (`org_id`); the person's keeping org — or, for some purposes, the
 * person — accepts or declines it. It holds only what the requester typed, never the keeper's data.
 */
export const personLinkRequest = pgTable(
  'person_link_request',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    // The requesting org: its side lists what it sent.
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    // The account that asked: a cadre, or for 'account' the new phone account to link.
    requestedBy: uuid('requested_by').notNull(),
    purpose: text('purpose').$type<LinkPurpose>().notNull(),
    typedName: text('typed_name').notNull(),
    // The typed ID number, masked: the requester knows it already.
    idNumberMasked: text('id_number_masked').notNull(),
    // The role to create on acceptance (e.g. the volunteer registration's fields).
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<LinkStatus>().notNull().default('requested'),
    requestedOn: date('requested_on').notNull(),
    expiresOn: date('expires_on').notNull(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    // What acceptance created, in the requester's scope (e.g. volunteer and its id).
    resultEntity: text('result_entity'),
    resultId: text('result_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('person_link_request_person_idx').on(t.personId, t.status),
    index('person_link_request_org_idx').on(t.orgId, t.id),
    index('person_link_request_expiry_idx').on(t.status, t.expiresOn),
    // One open request per person, requesting org and purpose (a second submit answers the same request).
    uniqueIndex('person_link_request_open_uq').on(t.personId, t.orgId, t.purpose).where(sql`${t.status} = 'requested' and ${t.purpose} <> 'account'`),
  ],
);
