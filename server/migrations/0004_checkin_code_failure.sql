CREATE TABLE "checkin_code_failure" (
	"id" uuid PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"account_id" uuid
);
--> statement-breakpoint
CREATE INDEX "checkin_code_failure_volunteer_idx" ON "checkin_code_failure" USING btree ("volunteer_id","attempted_at");