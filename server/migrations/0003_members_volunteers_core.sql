CREATE TABLE "member" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"development_number" text,
	"admitted_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"left_on" date,
	"left_reason" text,
	"left_note" text,
	"league_post" text,
	"dues_category" text DEFAULT 'other' NOT NULL,
	"monthly_income_fen" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"team_id" uuid,
	"project_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"service_content" text,
	"place" text,
	"lat" double precision,
	"lng" double precision,
	"geofence_m" integer,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"min_age" integer,
	"max_age" integer,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"requires_insurance" boolean DEFAULT false NOT NULL,
	"requires_training" text,
	"recurrence" jsonb,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shift" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signup" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shift_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"status" text NOT NULL,
	"position" integer,
	"offered_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"registered_on" date NOT NULL,
	"guardian_name" text,
	"guardian_relation" text,
	"guardian_consent_on" date,
	"self_supporting" boolean DEFAULT false NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"insured_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_org_idx" ON "member" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_person_active_uq" ON "member" USING btree ("person_id") WHERE "member"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "member_devno_uq" ON "member" USING btree ("development_number");--> statement-breakpoint
CREATE INDEX "member_admitted_idx" ON "member" USING btree ("admitted_on");--> statement-breakpoint
CREATE INDEX "activity_org_idx" ON "activity" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "shift_activity_start_uq" ON "shift" USING btree ("activity_id","starts_at");--> statement-breakpoint
CREATE INDEX "shift_org_idx" ON "shift" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "signup_live_uq" ON "signup" USING btree ("shift_id","volunteer_id") WHERE "signup"."status" not in ('cancelled', 'rejected');--> statement-breakpoint
CREATE INDEX "signup_shift_idx" ON "signup" USING btree ("shift_id","status");--> statement-breakpoint
CREATE INDEX "signup_volunteer_idx" ON "signup" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_person_uq" ON "volunteer" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_number_uq" ON "volunteer" USING btree ("number");--> statement-breakpoint
CREATE INDEX "volunteer_org_idx" ON "volunteer" USING btree ("org_id","id");