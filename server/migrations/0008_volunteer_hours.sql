CREATE TABLE "hour_claim" (
	"id" uuid PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"activity_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"service_date" date NOT NULL,
	"minutes" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"entered_by" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hour_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"source" text NOT NULL,
	"activity_id" uuid,
	"shift_id" uuid,
	"service_date" date NOT NULL,
	"minutes" integer NOT NULL,
	"present_minutes" integer,
	"scheduled_minutes" integer,
	"flag" text,
	"check_in_scan_id" uuid,
	"check_out_scan_id" uuid,
	"claim_id" uuid,
	"reverses_id" uuid,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "star_award" (
	"id" uuid PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"org_id" bigint NOT NULL,
	"threshold_hours" integer NOT NULL,
	"minutes_at_proposal" integer NOT NULL,
	"proposed_on" date NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"notice_from" date,
	"notice_until" date,
	"decided_on" date,
	"decided_by" uuid,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_certificate" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"verify_code" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"issued_on" date NOT NULL,
	"period_from" date,
	"period_to" date,
	"tracked_minutes" integer NOT NULL,
	"manual_minutes" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_scan" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_scan_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"account_id" uuid
);
--> statement-breakpoint
CREATE INDEX "hour_claim_org_idx" ON "hour_claim" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "hour_claim_volunteer_idx" ON "hour_claim" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "hour_entry_volunteer_idx" ON "hour_entry" USING btree ("volunteer_id","service_date");--> statement-breakpoint
CREATE INDEX "hour_entry_org_idx" ON "hour_entry" USING btree ("org_id","service_date");--> statement-breakpoint
CREATE UNIQUE INDEX "hour_entry_reverses_uq" ON "hour_entry" USING btree ("reverses_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hour_entry_checkout_uq" ON "hour_entry" USING btree ("check_out_scan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hour_entry_claim_uq" ON "hour_entry" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "star_award_level_uq" ON "star_award" USING btree ("volunteer_id","level");--> statement-breakpoint
CREATE INDEX "star_award_org_idx" ON "star_award" USING btree ("org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificate_number_uq" ON "volunteer_certificate" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificate_code_uq" ON "volunteer_certificate" USING btree ("verify_code");--> statement-breakpoint
CREATE INDEX "volunteer_certificate_volunteer_idx" ON "volunteer_certificate" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_certificate_org_idx" ON "volunteer_certificate" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_scan_client_uq" ON "volunteer_scan" USING btree ("volunteer_id","client_scan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_scan_kind_uq" ON "volunteer_scan" USING btree ("volunteer_id","shift_id","kind");--> statement-breakpoint
CREATE INDEX "volunteer_scan_shift_idx" ON "volunteer_scan" USING btree ("shift_id");