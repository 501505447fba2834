CREATE TABLE "member_application" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"stage" text NOT NULL,
	"applied_on" date NOT NULL,
	"activist_on" date,
	"activist_route" text,
	"lesson_hours" integer DEFAULT 0 NOT NULL,
	"candidate_on" date,
	"sponsor1_id" uuid,
	"sponsor2_id" uuid,
	"reviewed_on" date,
	"vote_on" date,
	"vote_eligible" integer,
	"vote_present" integer,
	"vote_yes" integer,
	"approved_on" date,
	"ceremony_on" date,
	"closed_on" date,
	"closed_reason" text,
	"member_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_cohort" (
	"org_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"size" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_number_counter" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_application_org_idx" ON "member_application" USING btree ("org_id","stage","id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_application_open_uq" ON "member_application" USING btree ("person_id") WHERE "member_application"."stage" in ('applied', 'activist', 'candidate', 'reviewed', 'voted');--> statement-breakpoint
CREATE UNIQUE INDEX "member_cohort_uq" ON "member_cohort" USING btree ("org_id","year");