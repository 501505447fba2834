CREATE TABLE "dues_paid_year" (
	"member_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"months" integer NOT NULL,
	CONSTRAINT "dues_paid_year_member_id_year_pk" PRIMARY KEY("member_id","year")
);
--> statement-breakpoint
CREATE INDEX "member_application_stage_idx" ON "member_application" USING btree ("stage","id");--> statement-breakpoint
-- Backfill from the ledger (the same statement as rebuildPaidMonths): each month covered by a
-- payment that was not reversed, one row per member and year.
INSERT INTO "dues_paid_year" ("member_id", "year", "months")
SELECT e.member_id, extract(year from g)::int, bit_or(1 << (extract(month from g)::int - 1))
FROM "dues_entry" e
CROSS JOIN LATERAL generate_series(e.from_month::timestamp, e.to_month::timestamp, interval '1 month') g
WHERE e.amount_fen > 0 AND NOT EXISTS (SELECT 1 FROM "dues_entry" r WHERE r.reverses_id = e.id)
GROUP BY 1, 2;
