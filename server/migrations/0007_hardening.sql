CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"username_hash" text,
	"ip" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"blocked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_link_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"requested_by" uuid NOT NULL,
	"purpose" text NOT NULL,
	"typed_name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"result_entity" text,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"org_id" bigint NOT NULL,
	"account_id" uuid NOT NULL,
	"permission" text NOT NULL,
	"file_name" text NOT NULL,
	"file_bytes" integer NOT NULL,
	"status" text NOT NULL,
	"progress" jsonb NOT NULL,
	"result" jsonb,
	"error" jsonb,
	"errors" jsonb,
	"instance" text NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_transfer_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"to_org_id" bigint NOT NULL,
	"name" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"member_id" uuid,
	"from_org_id" bigint,
	"transfer_id" uuid,
	"decided_on" date,
	"decision_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_transfer" ADD COLUMN "request_id" uuid;--> statement-breakpoint
CREATE INDEX "login_throttle_username_idx" ON "login_throttle" USING btree ("username_hash");--> statement-breakpoint
CREATE INDEX "login_throttle_updated_idx" ON "login_throttle" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "person_link_request_person_idx" ON "person_link_request" USING btree ("person_id","status");--> statement-breakpoint
CREATE INDEX "person_link_request_org_idx" ON "person_link_request" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "person_link_request_expiry_idx" ON "person_link_request" USING btree ("status","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "person_link_request_open_uq" ON "person_link_request" USING btree ("person_id","org_id","purpose") WHERE "person_link_request"."status" = 'requested' and "person_link_request"."purpose" <> 'account';--> statement-breakpoint
CREATE INDEX "import_run_org_idx" ON "import_run" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "import_run_live_idx" ON "import_run" USING btree ("heartbeat_at") WHERE "import_run"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "member_transfer_request_open_uq" ON "member_transfer_request" USING btree ("to_org_id","id_number_hash") WHERE "member_transfer_request"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "member_transfer_request_hash_idx" ON "member_transfer_request" USING btree ("id_number_hash","status");--> statement-breakpoint
CREATE INDEX "member_transfer_request_to_idx" ON "member_transfer_request" USING btree ("to_org_id","status");--> statement-breakpoint
CREATE INDEX "member_transfer_request_from_idx" ON "member_transfer_request" USING btree ("from_org_id","status");--> statement-breakpoint
CREATE INDEX "member_transfer_request_expiry_idx" ON "member_transfer_request" USING btree ("status","expires_on");