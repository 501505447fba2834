CREATE TABLE "study_episode" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_org_id" bigint NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_participation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"episode_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"studied_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "study_episode_owner_number_uq" ON "study_episode" USING btree ("owner_org_id","number");--> statement-breakpoint
CREATE INDEX "study_episode_ends_idx" ON "study_episode" USING btree ("ends_on");--> statement-breakpoint
CREATE UNIQUE INDEX "study_participation_episode_member_uq" ON "study_participation" USING btree ("episode_id","member_id");--> statement-breakpoint
CREATE INDEX "study_participation_member_idx" ON "study_participation" USING btree ("member_id");