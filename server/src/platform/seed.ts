// Demo data helpers shared by the modules' seeds: stable pseudo-random numbers computed in SQL, so
// a seed is set-based (one statement) and gives the same data on every run and database.
import { sql, type SQL } from 'drizzle-orm';

/** A stable pseudo-random number in [0, 1) from a row's id and a salt. */
export const rnd = (id: SQL, salt: string) => sql`((abs(hashtext(${id}::text || ${salt})) % 1000) / 1000.0)`;

/**
 * How diligent a branch is, 0.55–0.99: the same for every module's seed (dues, meetings, study),
 * so a branch's figures differ from another's the way they do in life, and agree with each other.
 */
export const diligence = (orgId: SQL) => sql`(0.55 + (abs(hashtext(${orgId}::text || 'diligence')) % 45) / 100.0)`;
