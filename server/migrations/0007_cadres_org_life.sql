CREATE TABLE "cadre" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"post" text NOT NULL,
	"kind" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date,
	"in_village_committee" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"election_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "election" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"held_on" date NOT NULL,
	"term_years" integer NOT NULL,
	"term_ends_on" date NOT NULL,
	"note" text,
	"status" text DEFAULT 'recorded' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "branch_rating" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"indicators" jsonb NOT NULL,
	"vetoes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"self_score" integer NOT NULL,
	"self_grade" text NOT NULL,
	"final_score" integer,
	"final_grade" text,
	"review_comment" text,
	"reviewed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"minutes" text,
	"hours_tenths" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "meeting_attendance_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "orglife_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity" ADD COLUMN "waitlist" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "cadre_org_idx" ON "cadre" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "cadre_person_idx" ON "cadre" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_person_org_active_uq" ON "cadre" USING btree ("org_id","person_id") WHERE "cadre"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_secretary_active_uq" ON "cadre" USING btree ("org_id") WHERE "cadre"."status" = 'active' and "cadre"."post" = 'secretary';--> statement-breakpoint
CREATE INDEX "election_org_idx" ON "election" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE INDEX "election_held_idx" ON "election" USING btree ("held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_rating_org_year_uq" ON "branch_rating" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "branch_rating_year_idx" ON "branch_rating" USING btree ("year","state");--> statement-breakpoint
CREATE INDEX "meeting_org_idx" ON "meeting" USING btree ("org_id","held_on","id");--> statement-breakpoint
CREATE INDEX "meeting_held_idx" ON "meeting" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "meeting_attendance_person_idx" ON "meeting_attendance" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "orglife_file_owner_idx" ON "orglife_file" USING btree ("owner_kind","owner_id");