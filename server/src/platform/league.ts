// The league's shared rules, stated once. Services use the constants and functions; SQL is built
// from them (never a literal such as interval '28 years'), so a rule cannot drift between the
// code that checks a form and the query that counts.
import { sql, type SQL } from 'drizzle-orm';
import { birthdayAt } from './dates.ts';

/** 《中国共产主义青年团章程》: a young person of 14 to 28 may join (入团年龄). */
export const minJoinAge = 14;
/** Members leave the league (超龄离团) on their 28th birthday unless they hold a league post. */
export const maxMemberAge = 28;

/** The day a member reaches the leaving age. */
export function leavingDay(birthDate: string): string {
  return birthdayAt(birthDate, maxMemberAge);
}

/**
 * SQL for `birthdayAt(column, years)`: PostgreSQL's date + interval clips 29 February to
 * 28 February in common years, `birthdayAt` moves it to 1 March; this matches `birthdayAt`.
 */
export function sqlBirthdayAt(column: SQL | SQL.Aliased | unknown, years: number): SQL {
  const plain = sql`(${column} + make_interval(years => ${years}::int))::date`;
  return sql`(${plain} + case when to_char(${column}, 'MM-DD') = '02-29' and to_char(${plain}, 'MM-DD') = '02-28' then 1 else 0 end)`;
}

/** SQL: the person (birth date column) is at least `years` old on `day` (a 'YYYY-MM-DD' string). */
export function sqlAgeAtLeast(column: unknown, years: number, day: string): SQL {
  return sql`${sqlBirthdayAt(column, years)} <= ${day}::date`;
}
