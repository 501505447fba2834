import { sql } from 'drizzle-orm';
import { bigint, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
