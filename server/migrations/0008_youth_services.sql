CREATE TABLE "notice" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb,
	"link" text,
	"org_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "yv_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"wish_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yv_outcome" (
	"id" uuid PRIMARY KEY NOT NULL,
	"question_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yv_question" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"received_org_id" bigint NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"anonymous" boolean DEFAULT true NOT NULL,
	"asker_name" text,
	"asker_phone" text,
	"asker_phone_masked" text,
	"submit_key" uuid,
	"status" text DEFAULT 'received' NOT NULL,
	"expert" text,
	"routed_at" timestamp with time zone,
	"answer" text,
	"answer_flags" jsonb,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"published_at" timestamp with time zone,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yv_visit" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"day" date NOT NULL,
	"visits" integer NOT NULL,
	"imported_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "yv_wish" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"source" text NOT NULL,
	"question_id" uuid,
	"wish" text NOT NULL,
	"age_band" text NOT NULL,
	"area" text NOT NULL,
	"sealed" text NOT NULL,
	"child_name_masked" text NOT NULL,
	"guardian_phone_masked" text NOT NULL,
	"submitter_name" text,
	"submitter_phone" text,
	"submitter_phone_masked" text,
	"submit_key" uuid,
	"recorded_by" uuid,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"published_at" timestamp with time zone,
	"donor_kind" text,
	"donor_name" text,
	"donor_org_id" bigint,
	"donor_phone" text,
	"donor_phone_masked" text,
	"donor_phone_hash" text,
	"claimed_at" timestamp with time zone,
	"delivered_on" date,
	"delivered_at" timestamp with time zone,
	"receiver_confirmation" text,
	"follow_up" text,
	"followed_up_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_contact" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"cadre_id" uuid NOT NULL,
	"cadre_person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_hash" text,
	"phone_masked" text,
	"kind" text NOT NULL,
	"occupation" text,
	"note" text,
	"status" text DEFAULT 'active' NOT NULL,
	"removed_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_contact_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"contact_id" uuid NOT NULL,
	"cadre_person_id" uuid NOT NULL,
	"contacted_on" date NOT NULL,
	"way" text NOT NULL,
	"topic" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"report_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_pairing" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"side_a" text NOT NULL,
	"side_a_org_id" bigint,
	"side_b" text NOT NULL,
	"side_b_org_id" bigint,
	"theme" text,
	"started_on" date NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_pairing_activity" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"pairing_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"title" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_proposal" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"title" text NOT NULL,
	"content" text,
	"proposer" text NOT NULL,
	"session" text,
	"submitted_on" date NOT NULL,
	"state" text NOT NULL,
	"decided_on" date,
	"answer" text,
	"answered_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_report" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"title" text NOT NULL,
	"authors" text NOT NULL,
	"written_on" date NOT NULL,
	"summary" text,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_suggestion" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid,
	"org_id" bigint NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"contact_id" uuid,
	"submitter" text,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"received_on" date NOT NULL,
	"state" text NOT NULL,
	"assignee_id" uuid,
	"assigned_on" date,
	"due_on" date,
	"outcome" text,
	"settled_on" date,
	"answer" text,
	"follow_up_due_on" date,
	"follow_up_reminded_on" date,
	"followed_up_on" date,
	"satisfaction" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cw_visit" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"visited_on" date NOT NULL,
	"visitors" text NOT NULL,
	"topic" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_case" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"subcategory" text,
	"risk" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"caller_name_enc" text,
	"caller_name_masked" text,
	"caller_phone_enc" text,
	"caller_phone_masked" text,
	"caller_phone_hash" text,
	"caller_minor" boolean DEFAULT false NOT NULL,
	"caller_age" integer,
	"caller_gender" text,
	"summary" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"first_response_at" timestamp with time zone,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_minutes" integer DEFAULT 0 NOT NULL,
	"first_response_breached_at" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	"counsellor_id" uuid,
	"handler_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"supervisor_id" uuid,
	"escalated_at" timestamp with time zone,
	"escalation_reason" text,
	"safety_plan" text,
	"safety_plan_at" timestamp with time zone,
	"follow_up_due_at" timestamp with time zone,
	"followed_up_at" timestamp with time zone,
	"outcome" text,
	"closed_at" timestamp with time zone,
	"closed_on" date,
	"closed_by" uuid,
	"closing_summary" text,
	"resolution_met" boolean,
	"satisfaction_token_hash" text,
	"satisfaction_token_expires_at" timestamp with time zone,
	"satisfaction" integer,
	"satisfaction_resolved" boolean,
	"satisfaction_comment" text,
	"satisfaction_at" timestamp with time zone,
	"submission_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_counsellor" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"account_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"qualifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_lecture" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"audience" text,
	"reach" integer NOT NULL,
	"reach_unit" text NOT NULL,
	"counsellor_id" uuid,
	"status" text DEFAULT 'held' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_note" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"body_enc" text NOT NULL,
	"author_id" uuid,
	"author_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_number_seq" (
	"prefix" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_referral" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"agency" text NOT NULL,
	"receiving_party" text NOT NULL,
	"referred_on" date NOT NULL,
	"receipt" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"confirmed_on" date,
	"confirmed_by" uuid,
	"confirmation" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_session" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"held_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"form" text NOT NULL,
	"summary" text NOT NULL,
	"counsellor_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notice_account_idx" ON "notice" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "notice_unread_idx" ON "notice" USING btree ("account_id") WHERE "notice"."read_at" is null;--> statement-breakpoint
CREATE INDEX "yv_file_wish_idx" ON "yv_file" USING btree ("wish_id");--> statement-breakpoint
CREATE UNIQUE INDEX "yv_outcome_question_kind_ref_uq" ON "yv_outcome" USING btree ("question_id","kind","ref_id");--> statement-breakpoint
CREATE INDEX "yv_outcome_created_idx" ON "yv_outcome" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "yv_question_submit_key_uq" ON "yv_question" USING btree ("submit_key");--> statement-breakpoint
CREATE INDEX "yv_question_org_idx" ON "yv_question" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "yv_question_created_idx" ON "yv_question" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "yv_question_published_idx" ON "yv_question" USING btree ("published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "yv_visit_org_day_uq" ON "yv_visit" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "yv_visit_day_idx" ON "yv_visit" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "yv_wish_submit_key_uq" ON "yv_wish" USING btree ("submit_key");--> statement-breakpoint
CREATE UNIQUE INDEX "yv_wish_question_uq" ON "yv_wish" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "yv_wish_org_idx" ON "yv_wish" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "yv_wish_status_idx" ON "yv_wish" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "cw_contact_org_idx" ON "cw_contact" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "cw_contact_cadre_idx" ON "cw_contact" USING btree ("cadre_person_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cw_contact_cadre_phone_uq" ON "cw_contact" USING btree ("cadre_person_id","phone_hash") WHERE "cw_contact"."status" = 'active' and "cw_contact"."phone_hash" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "cw_contact_log_request_uq" ON "cw_contact_log" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "cw_contact_log_org_day_idx" ON "cw_contact_log" USING btree ("org_id","contacted_on","contact_id");--> statement-breakpoint
CREATE INDEX "cw_contact_log_cadre_day_idx" ON "cw_contact_log" USING btree ("cadre_person_id","contacted_on","contact_id");--> statement-breakpoint
CREATE INDEX "cw_contact_log_contact_idx" ON "cw_contact_log" USING btree ("contact_id","contacted_on");--> statement-breakpoint
CREATE INDEX "cw_file_report_idx" ON "cw_file" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "cw_pairing_org_idx" ON "cw_pairing" USING btree ("org_id","started_on");--> statement-breakpoint
CREATE INDEX "cw_pairing_activity_pairing_idx" ON "cw_pairing_activity" USING btree ("pairing_id","held_on");--> statement-breakpoint
CREATE INDEX "cw_proposal_org_idx" ON "cw_proposal" USING btree ("org_id","submitted_on");--> statement-breakpoint
CREATE INDEX "cw_report_org_idx" ON "cw_report" USING btree ("org_id","written_on");--> statement-breakpoint
CREATE UNIQUE INDEX "cw_suggestion_request_uq" ON "cw_suggestion" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "cw_suggestion_org_idx" ON "cw_suggestion" USING btree ("org_id","received_on");--> statement-breakpoint
CREATE INDEX "cw_suggestion_received_idx" ON "cw_suggestion" USING btree ("received_on","id");--> statement-breakpoint
CREATE INDEX "cw_suggestion_follow_up_idx" ON "cw_suggestion" USING btree ("follow_up_due_on") WHERE "cw_suggestion"."followed_up_on" is null and "cw_suggestion"."follow_up_reminded_on" is null;--> statement-breakpoint
CREATE INDEX "cw_visit_org_idx" ON "cw_visit" USING btree ("org_id","visited_on");--> statement-breakpoint
CREATE INDEX "cw_visit_day_idx" ON "cw_visit" USING btree ("visited_on");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_case_number_uq" ON "hotline_case" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_case_submission_uq" ON "hotline_case" USING btree ("submission_key");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_case_token_uq" ON "hotline_case" USING btree ("satisfaction_token_hash");--> statement-breakpoint
CREATE INDEX "hotline_case_org_received_idx" ON "hotline_case" USING btree ("org_id","received_on","category","channel","risk");--> statement-breakpoint
CREATE INDEX "hotline_case_org_list_idx" ON "hotline_case" USING btree ("org_id","received_at","id");--> statement-breakpoint
CREATE INDEX "hotline_case_org_closed_idx" ON "hotline_case" USING btree ("org_id","closed_on") WHERE "hotline_case"."closed_on" is not null;--> statement-breakpoint
CREATE INDEX "hotline_case_open_due_idx" ON "hotline_case" USING btree ("resolution_due_at") WHERE "hotline_case"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "hotline_counsellor_org_idx" ON "hotline_counsellor" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "hotline_lecture_org_idx" ON "hotline_lecture" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE INDEX "hotline_note_case_idx" ON "hotline_note" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_referral_pending_uq" ON "hotline_referral" USING btree ("case_id") WHERE "hotline_referral"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "hotline_referral_org_idx" ON "hotline_referral" USING btree ("org_id","referred_on");--> statement-breakpoint
CREATE INDEX "hotline_session_case_idx" ON "hotline_session" USING btree ("case_id","held_at");--> statement-breakpoint
CREATE INDEX "hotline_session_org_idx" ON "hotline_session" USING btree ("org_id","held_on");