CREATE TABLE "hour_month" (
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"month" date NOT NULL,
	"source" text NOT NULL,
	"minutes" integer NOT NULL,
	"entries" integer NOT NULL,
	CONSTRAINT "hour_month_volunteer_id_org_id_month_source_pk" PRIMARY KEY("volunteer_id","org_id","month","source")
);
--> statement-breakpoint
CREATE TABLE "hour_org_month" (
	"org_id" bigint NOT NULL,
	"month" date NOT NULL,
	"source" text NOT NULL,
	"minutes" bigint NOT NULL,
	"entries" integer NOT NULL,
	CONSTRAINT "hour_org_month_org_id_month_source_pk" PRIMARY KEY("org_id","month","source")
);
--> statement-breakpoint
CREATE TABLE "hour_volunteer_year" (
	"volunteer_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"minutes" integer NOT NULL,
	CONSTRAINT "hour_volunteer_year_volunteer_id_year_pk" PRIMARY KEY("volunteer_id","year")
);
--> statement-breakpoint
CREATE INDEX "hour_month_org_idx" ON "hour_month" USING btree ("org_id","month","volunteer_id","minutes");--> statement-breakpoint
CREATE INDEX "hour_volunteer_year_rank_idx" ON "hour_volunteer_year" USING btree ("year","minutes" DESC NULLS LAST,"volunteer_id");--> statement-breakpoint
CREATE INDEX "hour_entry_date_idx" ON "hour_entry" USING btree ("service_date");
--> statement-breakpoint
-- Backfill from the ledger (the source of truth), in (org, month) order so a subtree's rows sit together.
INSERT INTO "hour_month" ("volunteer_id", "org_id", "month", "source", "minutes", "entries")
SELECT "volunteer_id", "org_id", date_trunc('month', "service_date")::date, "source", sum("minutes")::int, count(*)::int
FROM "hour_entry" GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 1, 4;
--> statement-breakpoint
INSERT INTO "hour_org_month" ("org_id", "month", "source", "minutes", "entries")
SELECT "org_id", "month", "source", sum("minutes"), sum("entries")::int
FROM "hour_month" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "hour_volunteer_year" ("volunteer_id", "year", "minutes")
SELECT "volunteer_id", extract(year from "month")::int, sum("minutes")::int
FROM "hour_month" GROUP BY 1, 2;
