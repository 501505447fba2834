CREATE TABLE "volunteer_number_seq" (
	"prefix" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_project" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"name" text NOT NULL,
	"theme" text NOT NULL,
	"description" text,
	"start_on" date NOT NULL,
	"end_on" date,
	"target" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_project_member" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"recruited_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_station" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"star" integer,
	"rated_on" date,
	"established_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_team" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"founded_on" date NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"dissolved_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_member" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"joined_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"left_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "signup" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "signup" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "signup" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "trainings" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "volunteer_project_org_idx" ON "volunteer_project" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_member_uq" ON "volunteer_project_member" USING btree ("project_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "project_member_recruited_idx" ON "volunteer_project_member" USING btree ("project_id","recruited_on");--> statement-breakpoint
CREATE INDEX "volunteer_station_org_idx" ON "volunteer_station" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "volunteer_team_org_idx" ON "volunteer_team" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_team_name_uq" ON "volunteer_team" USING btree ("org_id","name") WHERE "volunteer_team"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "team_member_live_uq" ON "volunteer_team_member" USING btree ("team_id","volunteer_id") WHERE "volunteer_team_member"."status" = 'active';--> statement-breakpoint
CREATE INDEX "team_member_volunteer_idx" ON "volunteer_team_member" USING btree ("volunteer_id");