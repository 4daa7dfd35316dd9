CREATE TABLE "approval_collective_decisions" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "approval_collective_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"approval_id" integer NOT NULL,
	"round" integer NOT NULL,
	"meeting_date" date NOT NULL,
	"attendees" text NOT NULL,
	"resolution" text NOT NULL,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "approval_collective_decisions_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "approval_rules" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "approval_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"rules" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_rules_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "approval_steps" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "approval_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"approval_id" integer NOT NULL,
	"round" integer NOT NULL,
	"position" integer NOT NULL,
	"role" text NOT NULL,
	"decision" text,
	"decided_by" integer,
	"decided_at" timestamp (3) with time zone,
	"comment" text,
	CONSTRAINT "approval_steps_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "approvals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"document_id" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"link" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"applicant_id" integer NOT NULL,
	"state" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"current_position" integer,
	"current_step_role" text,
	"collective_required" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvals_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_results" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "inspection_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"inspection_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"score" integer,
	"note" text,
	"severity" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_results_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_template_items" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "inspection_template_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"template_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"position" integer NOT NULL,
	"section_zh" text NOT NULL,
	"section_en" text,
	"text_zh" text NOT NULL,
	"text_en" text,
	"guidance_zh" text,
	"guidance_en" text,
	"mode" text NOT NULL,
	"max_score" integer,
	"photo_required" boolean DEFAULT false NOT NULL,
	"critical" boolean DEFAULT false NOT NULL,
	"kind" text,
	CONSTRAINT "inspection_template_items_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_templates" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "inspection_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"domain" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text,
	"frequency" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"seed_hash" text,
	"customized" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_templates_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "inspections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"template_id" integer NOT NULL,
	"template_revision" integer NOT NULL,
	"domain" text NOT NULL,
	"location_id" integer,
	"zone" text,
	"state" text NOT NULL,
	"inspector_id" integer NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"note" text,
	"pass_count" integer DEFAULT 0 NOT NULL,
	"fail_count" integer DEFAULT 0 NOT NULL,
	"score" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "rectification_events" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "rectification_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"rectification_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"from_state" text,
	"to_state" text,
	"note" text,
	"data" jsonb,
	CONSTRAINT "rectification_events_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "rectifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"domain" text NOT NULL,
	"source" text NOT NULL,
	"source_id" integer,
	"source_item_id" integer,
	"title" text NOT NULL,
	"description" text,
	"location_id" integer,
	"zone" text,
	"kind" text,
	"severity" text NOT NULL,
	"state" text NOT NULL,
	"reporter_id" integer,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"owner_id" integer,
	"deadline" date,
	"plan" text,
	"assigned_at" timestamp (3) with time zone,
	"assigned_by" integer,
	"rectified_at" timestamp (3) with time zone,
	"rectified_by" integer,
	"rectify_note" text,
	"verified_at" timestamp (3) with time zone,
	"verified_by" integer,
	"verify_note" text,
	"reject_count" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectifications_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "asset_classes" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "asset_classes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"parent_code" text,
	"name" text NOT NULL,
	"name_en" text,
	"life_years" integer,
	"depreciable" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_classes_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "asset_code_counters" (
	"school_id" integer NOT NULL,
	"prefix" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "asset_code_counters_school_id_prefix_pk" PRIMARY KEY("school_id","prefix")
);
--> statement-breakpoint
CREATE TABLE "asset_depreciation" (
	"school_id" integer NOT NULL,
	"asset_id" integer NOT NULL,
	"accumulated_fen" bigint NOT NULL,
	CONSTRAINT "asset_depreciation_school_id_asset_id_pk" PRIMARY KEY("school_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "asset_depreciation_runs" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "asset_depreciation_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"month" text NOT NULL,
	"ran_at" timestamp (3) with time zone NOT NULL,
	"ran_by" integer,
	"asset_count" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"by_class" jsonb NOT NULL,
	CONSTRAINT "asset_depreciation_runs_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "asset_events" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "asset_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"asset_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"note" text,
	"ref_kind" text,
	"ref_id" integer,
	"data" jsonb,
	CONSTRAINT "asset_events_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "asset_import_jobs" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "asset_import_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_by" integer NOT NULL,
	"file_name" text,
	"data" "bytea",
	"headers" jsonb NOT NULL,
	"mapping" jsonb,
	"state" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"error" text,
	"lease_until" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "asset_import_jobs_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "assets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"class_code" text NOT NULL,
	"model" text,
	"serial_no" text,
	"unit" text,
	"quantity" integer DEFAULT 1 NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"original_value_fen" bigint NOT NULL,
	"acquired_on" date NOT NULL,
	"entered_on" date NOT NULL,
	"acquired_way" text NOT NULL,
	"status" text NOT NULL,
	"low_value" boolean DEFAULT false NOT NULL,
	"life_months" integer,
	"location_id" integer,
	"department_id" integer,
	"custodian_id" integer,
	"notes" text,
	"disposed_on" date,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assets_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "asset_process_counters" (
	"school_id" integer NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "asset_process_counters_school_id_kind_year_pk" PRIMARY KEY("school_id","kind","year")
);
--> statement-breakpoint
CREATE TABLE "asset_process_events" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "asset_process_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"note" text,
	"data" jsonb,
	CONSTRAINT "asset_process_events_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "damage_payments" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "damage_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"report_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"receipt_no" text NOT NULL,
	"payer_name" text,
	"received_by" integer NOT NULL,
	"note" text,
	"recorded_by" integer,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "damage_payments_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "damage_reports" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "damage_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"asset_id" integer NOT NULL,
	"asset_code" text NOT NULL,
	"asset_name" text NOT NULL,
	"low_value" boolean DEFAULT false NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"found_by" integer,
	"found_on" date NOT NULL,
	"responsible_type" text NOT NULL,
	"responsible_id" integer,
	"responsible_name" text,
	"deliberate" boolean NOT NULL,
	"description" text NOT NULL,
	"computed_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"rule" jsonb NOT NULL,
	"state" text NOT NULL,
	"reported_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "damage_reports_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "damage_waivers" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "damage_waivers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"report_id" integer NOT NULL,
	"from_fen" bigint NOT NULL,
	"proposed_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"state" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp (3) with time zone,
	CONSTRAINT "damage_waivers_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "disposal_items" (
	"school_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"asset_id" integer NOT NULL,
	"asset_code" text NOT NULL,
	"asset_name" text NOT NULL,
	"class_code" text,
	"previous_status" text NOT NULL,
	"original_value_fen" bigint NOT NULL,
	"net_value_fen" bigint NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	CONSTRAINT "disposal_items_school_id_request_id_asset_id_pk" PRIMARY KEY("school_id","request_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "disposal_requests" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "disposal_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"state" text NOT NULL,
	"way" text NOT NULL,
	"reason" text NOT NULL,
	"total_original_fen" bigint NOT NULL,
	"total_net_fen" bigint NOT NULL,
	"stocktake_id" integer,
	"created_by" integer,
	"submitted_at" timestamp (3) with time zone,
	"decided_at" timestamp (3) with time zone,
	"carried_out_on" date,
	"recipient" text,
	"proceeds_fen" bigint,
	"carry_note" text,
	"done_at" timestamp (3) with time zone,
	"done_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disposal_requests_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "stocktake_counters" (
	"school_id" integer NOT NULL,
	"stocktake_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "stocktake_counters_school_id_stocktake_id_user_id_pk" PRIMARY KEY("school_id","stocktake_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "stocktake_counts" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "stocktake_counts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"stocktake_id" integer NOT NULL,
	"asset_id" integer NOT NULL,
	"action" text NOT NULL,
	"location_id" integer,
	"result" text NOT NULL,
	"user_id" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "stocktake_counts_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "stocktake_lines" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "stocktake_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"stocktake_id" integer NOT NULL,
	"asset_id" integer NOT NULL,
	"asset_code" text NOT NULL,
	"asset_name" text NOT NULL,
	"class_code" text,
	"model" text,
	"expected" boolean DEFAULT true NOT NULL,
	"expected_location_id" integer,
	"result" text DEFAULT 'pending' NOT NULL,
	"found_location_id" integer,
	"counted_by" integer,
	"counted_at" timestamp (3) with time zone,
	"resolution" text,
	"resolution_note" text,
	"resolved_by" integer,
	"resolved_at" timestamp (3) with time zone,
	"disposal_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "stocktake_lines_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "stocktake_locations" (
	"school_id" integer NOT NULL,
	"stocktake_id" integer NOT NULL,
	"location_id" integer NOT NULL,
	CONSTRAINT "stocktake_locations_school_id_stocktake_id_location_id_pk" PRIMARY KEY("school_id","stocktake_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "stocktake_surplus" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "stocktake_surplus_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"stocktake_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"location_id" integer NOT NULL,
	"found_by" integer,
	"found_at" timestamp (3) with time zone NOT NULL,
	"resolution" text,
	"resolution_note" text,
	"registered_asset_id" integer,
	"registered_asset_code" text,
	"resolved_by" integer,
	"resolved_at" timestamp (3) with time zone,
	CONSTRAINT "stocktake_surplus_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "stocktakes" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "stocktakes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"state" text NOT NULL,
	"scope" text NOT NULL,
	"due_date" date NOT NULL,
	"note" text,
	"created_by" integer,
	"started_at" timestamp (3) with time zone,
	"counting_ended_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"closed_by" integer,
	"report" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stocktakes_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "duty_handovers" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "duty_handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"from_user_id" integer NOT NULL,
	"to_user_id" integer,
	"note" text NOT NULL,
	"written_at" timestamp (3) with time zone NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"confirmed_by" integer,
	"confirmed_at" timestamp (3) with time zone,
	"confirm_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "duty_handovers_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "duty_shifts" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "duty_shifts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"user_id" integer NOT NULL,
	"note" text,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_shifts_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "duty_swaps" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "duty_swaps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"shift_id" integer NOT NULL,
	"requester_id" integer NOT NULL,
	"with_user_id" integer NOT NULL,
	"other_shift_id" integer,
	"reason" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp (3) with time zone,
	"decision_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "duty_swaps_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "exit_passes" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "exit_passes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"student_id" integer NOT NULL,
	"class_id" integer NOT NULL,
	"reason" text NOT NULL,
	"valid_from" timestamp (3) with time zone NOT NULL,
	"valid_until" timestamp (3) with time zone NOT NULL,
	"with_guardian" boolean DEFAULT false NOT NULL,
	"guardian_name" text,
	"guardian_phone" text,
	"state" text DEFAULT 'active' NOT NULL,
	"issued_by" integer NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"exited_at" timestamp (3) with time zone,
	"exited_by" integer,
	"returned_at" timestamp (3) with time zone,
	"returned_by" integer,
	"cancelled_at" timestamp (3) with time zone,
	"cancelled_by" integer,
	"cancel_reason" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exit_passes_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "gate_secrets" (
	"school_id" integer NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gate_secrets_school_id_pk" PRIMARY KEY("school_id")
);
--> statement-breakpoint
CREATE TABLE "patrol_checkpoints" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "patrol_checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"route_id" integer NOT NULL,
	"name" text NOT NULL,
	"location_id" integer,
	"position" integer NOT NULL,
	"token" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "patrol_checkpoints_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "patrol_routes" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "patrol_routes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"interval_minutes" integer NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patrol_routes_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "patrol_scans" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "patrol_scans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"patrol_id" integer NOT NULL,
	"checkpoint_id" integer NOT NULL,
	"scanned_at" timestamp (3) with time zone NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"gap_minutes" integer NOT NULL,
	"note" text,
	CONSTRAINT "patrol_scans_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "patrols" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "patrols_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"route_id" integer NOT NULL,
	"kind" text NOT NULL,
	"patroller_id" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"state" text DEFAULT 'in_progress' NOT NULL,
	"counts_for" date NOT NULL,
	"expected" jsonb NOT NULL,
	"missed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expected_count" integer NOT NULL,
	"scanned_count" integer DEFAULT 0 NOT NULL,
	"missed_count" integer DEFAULT 0 NOT NULL,
	"late_count" integer DEFAULT 0 NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "patrols_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "visitors" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "visitors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_masked" text NOT NULL,
	"id_hash" text NOT NULL,
	"phone" text NOT NULL,
	"organisation" text,
	"reason" text NOT NULL,
	"host_id" integer,
	"host_confirmed" boolean DEFAULT false NOT NULL,
	"host_confirmed_by" integer,
	"host_confirmed_at" timestamp (3) with time zone,
	"plate" text,
	"badge_no" text,
	"time_in" timestamp (3) with time zone NOT NULL,
	"time_out" timestamp (3) with time zone,
	"due_out_at" timestamp (3) with time zone NOT NULL,
	"flagged_at" timestamp (3) with time zone,
	"registered_by" integer NOT NULL,
	"checked_out_by" integer,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visitors_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "hazard_report_submissions" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "hazard_report_submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"month" text NOT NULL,
	"revision" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"note" text,
	"submitted_by" integer NOT NULL,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "hazard_report_submissions_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_agreements" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_agreements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"post_id" integer NOT NULL,
	"year" integer NOT NULL,
	"signer_id" integer NOT NULL,
	"signed_on" date NOT NULL,
	"note" text,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_agreements_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_drills" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_drills_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"held_on" date NOT NULL,
	"scenario" text NOT NULL,
	"plan_id" integer,
	"organiser_id" integer NOT NULL,
	"participant_count" integer NOT NULL,
	"class_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"evacuation_seconds" integer,
	"problems" text,
	"review" text,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_drills_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_education" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_education_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"class_id" integer,
	"topic" text NOT NULL,
	"teacher_id" integer,
	"attendees" integer,
	"note" text,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_education_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_incidents" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"year" integer NOT NULL,
	"location_id" integer,
	"place" text,
	"description" text NOT NULL,
	"people" text,
	"severity" text NOT NULL,
	"safety_accident" boolean DEFAULT false NOT NULL,
	"actions" text,
	"follow_up" text,
	"reporter_id" integer,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_incidents_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_plan_versions" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_plan_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"number" integer NOT NULL,
	"note" text NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp (3) with time zone NOT NULL,
	"approved_by" integer,
	"approved_on" date,
	CONSTRAINT "safety_plan_versions_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_plans" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"current_version_id" integer,
	"version_count" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_plans_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_posts" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "safety_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"class_id" integer,
	"holder_id" integer,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_posts_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
ALTER TABLE "approval_collective_decisions" ADD CONSTRAINT "approval_collective_decisions_school_id_approval_id_approvals_school_id_id_fk" FOREIGN KEY ("school_id","approval_id") REFERENCES "public"."approvals"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_collective_decisions" ADD CONSTRAINT "approval_collective_decisions_school_id_recorded_by_users_school_id_id_fk" FOREIGN KEY ("school_id","recorded_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_rules" ADD CONSTRAINT "approval_rules_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_rules" ADD CONSTRAINT "approval_rules_school_id_updated_by_users_school_id_id_fk" FOREIGN KEY ("school_id","updated_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_school_id_approval_id_approvals_school_id_id_fk" FOREIGN KEY ("school_id","approval_id") REFERENCES "public"."approvals"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_school_id_decided_by_users_school_id_id_fk" FOREIGN KEY ("school_id","decided_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_school_id_applicant_id_users_school_id_id_fk" FOREIGN KEY ("school_id","applicant_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_school_id_inspection_id_inspections_school_id_id_fk" FOREIGN KEY ("school_id","inspection_id") REFERENCES "public"."inspections"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_school_id_item_id_inspection_template_items_school_id_id_fk" FOREIGN KEY ("school_id","item_id") REFERENCES "public"."inspection_template_items"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_template_items" ADD CONSTRAINT "inspection_template_items_school_id_template_id_inspection_templates_school_id_id_fk" FOREIGN KEY ("school_id","template_id") REFERENCES "public"."inspection_templates"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_templates" ADD CONSTRAINT "inspection_templates_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_school_id_template_id_inspection_templates_school_id_id_fk" FOREIGN KEY ("school_id","template_id") REFERENCES "public"."inspection_templates"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_school_id_inspector_id_users_school_id_id_fk" FOREIGN KEY ("school_id","inspector_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_events" ADD CONSTRAINT "rectification_events_school_id_rectification_id_rectifications_school_id_id_fk" FOREIGN KEY ("school_id","rectification_id") REFERENCES "public"."rectifications"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_school_id_reporter_id_users_school_id_id_fk" FOREIGN KEY ("school_id","reporter_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_school_id_owner_id_users_school_id_id_fk" FOREIGN KEY ("school_id","owner_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_school_id_assigned_by_users_school_id_id_fk" FOREIGN KEY ("school_id","assigned_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_school_id_rectified_by_users_school_id_id_fk" FOREIGN KEY ("school_id","rectified_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_school_id_verified_by_users_school_id_id_fk" FOREIGN KEY ("school_id","verified_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_classes" ADD CONSTRAINT "asset_classes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_depreciation" ADD CONSTRAINT "asset_depreciation_school_id_asset_id_assets_school_id_id_fk" FOREIGN KEY ("school_id","asset_id") REFERENCES "public"."assets"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_depreciation_runs" ADD CONSTRAINT "asset_depreciation_runs_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_depreciation_runs" ADD CONSTRAINT "asset_depreciation_runs_school_id_ran_by_users_school_id_id_fk" FOREIGN KEY ("school_id","ran_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_events" ADD CONSTRAINT "asset_events_school_id_asset_id_assets_school_id_id_fk" FOREIGN KEY ("school_id","asset_id") REFERENCES "public"."assets"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_import_jobs" ADD CONSTRAINT "asset_import_jobs_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_import_jobs" ADD CONSTRAINT "asset_import_jobs_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_school_id_custodian_id_users_school_id_id_fk" FOREIGN KEY ("school_id","custodian_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_process_counters" ADD CONSTRAINT "asset_process_counters_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_process_events" ADD CONSTRAINT "asset_process_events_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_payments" ADD CONSTRAINT "damage_payments_school_id_report_id_damage_reports_school_id_id_fk" FOREIGN KEY ("school_id","report_id") REFERENCES "public"."damage_reports"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_payments" ADD CONSTRAINT "damage_payments_school_id_received_by_users_school_id_id_fk" FOREIGN KEY ("school_id","received_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_payments" ADD CONSTRAINT "damage_payments_school_id_recorded_by_users_school_id_id_fk" FOREIGN KEY ("school_id","recorded_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_reports" ADD CONSTRAINT "damage_reports_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_reports" ADD CONSTRAINT "damage_reports_school_id_found_by_users_school_id_id_fk" FOREIGN KEY ("school_id","found_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_reports" ADD CONSTRAINT "damage_reports_school_id_reported_by_users_school_id_id_fk" FOREIGN KEY ("school_id","reported_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_waivers" ADD CONSTRAINT "damage_waivers_school_id_report_id_damage_reports_school_id_id_fk" FOREIGN KEY ("school_id","report_id") REFERENCES "public"."damage_reports"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "damage_waivers" ADD CONSTRAINT "damage_waivers_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_items" ADD CONSTRAINT "disposal_items_school_id_request_id_disposal_requests_school_id_id_fk" FOREIGN KEY ("school_id","request_id") REFERENCES "public"."disposal_requests"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_requests" ADD CONSTRAINT "disposal_requests_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_requests" ADD CONSTRAINT "disposal_requests_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_requests" ADD CONSTRAINT "disposal_requests_school_id_done_by_users_school_id_id_fk" FOREIGN KEY ("school_id","done_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_requests" ADD CONSTRAINT "disposal_requests_school_id_stocktake_id_stocktakes_school_id_id_fk" FOREIGN KEY ("school_id","stocktake_id") REFERENCES "public"."stocktakes"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_counters" ADD CONSTRAINT "stocktake_counters_school_id_stocktake_id_stocktakes_school_id_id_fk" FOREIGN KEY ("school_id","stocktake_id") REFERENCES "public"."stocktakes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_counters" ADD CONSTRAINT "stocktake_counters_school_id_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_counts" ADD CONSTRAINT "stocktake_counts_school_id_stocktake_id_stocktakes_school_id_id_fk" FOREIGN KEY ("school_id","stocktake_id") REFERENCES "public"."stocktakes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_counts" ADD CONSTRAINT "stocktake_counts_school_id_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_lines" ADD CONSTRAINT "stocktake_lines_school_id_stocktake_id_stocktakes_school_id_id_fk" FOREIGN KEY ("school_id","stocktake_id") REFERENCES "public"."stocktakes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_lines" ADD CONSTRAINT "stocktake_lines_school_id_counted_by_users_school_id_id_fk" FOREIGN KEY ("school_id","counted_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_lines" ADD CONSTRAINT "stocktake_lines_school_id_resolved_by_users_school_id_id_fk" FOREIGN KEY ("school_id","resolved_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_locations" ADD CONSTRAINT "stocktake_locations_school_id_stocktake_id_stocktakes_school_id_id_fk" FOREIGN KEY ("school_id","stocktake_id") REFERENCES "public"."stocktakes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_surplus" ADD CONSTRAINT "stocktake_surplus_school_id_stocktake_id_stocktakes_school_id_id_fk" FOREIGN KEY ("school_id","stocktake_id") REFERENCES "public"."stocktakes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_surplus" ADD CONSTRAINT "stocktake_surplus_school_id_found_by_users_school_id_id_fk" FOREIGN KEY ("school_id","found_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_surplus" ADD CONSTRAINT "stocktake_surplus_school_id_resolved_by_users_school_id_id_fk" FOREIGN KEY ("school_id","resolved_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktakes" ADD CONSTRAINT "stocktakes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktakes" ADD CONSTRAINT "stocktakes_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktakes" ADD CONSTRAINT "stocktakes_school_id_closed_by_users_school_id_id_fk" FOREIGN KEY ("school_id","closed_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_school_id_from_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","from_user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_school_id_to_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","to_user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_school_id_confirmed_by_users_school_id_id_fk" FOREIGN KEY ("school_id","confirmed_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_school_id_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_school_id_shift_id_duty_shifts_school_id_id_fk" FOREIGN KEY ("school_id","shift_id") REFERENCES "public"."duty_shifts"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_school_id_other_shift_id_duty_shifts_school_id_id_fk" FOREIGN KEY ("school_id","other_shift_id") REFERENCES "public"."duty_shifts"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_school_id_requester_id_users_school_id_id_fk" FOREIGN KEY ("school_id","requester_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_school_id_with_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","with_user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_swaps" ADD CONSTRAINT "duty_swaps_school_id_decided_by_users_school_id_id_fk" FOREIGN KEY ("school_id","decided_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_passes" ADD CONSTRAINT "exit_passes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_passes" ADD CONSTRAINT "exit_passes_school_id_issued_by_users_school_id_id_fk" FOREIGN KEY ("school_id","issued_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_passes" ADD CONSTRAINT "exit_passes_school_id_exited_by_users_school_id_id_fk" FOREIGN KEY ("school_id","exited_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_passes" ADD CONSTRAINT "exit_passes_school_id_returned_by_users_school_id_id_fk" FOREIGN KEY ("school_id","returned_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_passes" ADD CONSTRAINT "exit_passes_school_id_cancelled_by_users_school_id_id_fk" FOREIGN KEY ("school_id","cancelled_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_secrets" ADD CONSTRAINT "gate_secrets_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_checkpoints" ADD CONSTRAINT "patrol_checkpoints_school_id_route_id_patrol_routes_school_id_id_fk" FOREIGN KEY ("school_id","route_id") REFERENCES "public"."patrol_routes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_routes" ADD CONSTRAINT "patrol_routes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_scans" ADD CONSTRAINT "patrol_scans_school_id_patrol_id_patrols_school_id_id_fk" FOREIGN KEY ("school_id","patrol_id") REFERENCES "public"."patrols"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_scans" ADD CONSTRAINT "patrol_scans_school_id_checkpoint_id_patrol_checkpoints_school_id_id_fk" FOREIGN KEY ("school_id","checkpoint_id") REFERENCES "public"."patrol_checkpoints"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrols" ADD CONSTRAINT "patrols_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrols" ADD CONSTRAINT "patrols_school_id_route_id_patrol_routes_school_id_id_fk" FOREIGN KEY ("school_id","route_id") REFERENCES "public"."patrol_routes"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrols" ADD CONSTRAINT "patrols_school_id_patroller_id_users_school_id_id_fk" FOREIGN KEY ("school_id","patroller_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_school_id_host_id_users_school_id_id_fk" FOREIGN KEY ("school_id","host_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_school_id_host_confirmed_by_users_school_id_id_fk" FOREIGN KEY ("school_id","host_confirmed_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_school_id_registered_by_users_school_id_id_fk" FOREIGN KEY ("school_id","registered_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_school_id_checked_out_by_users_school_id_id_fk" FOREIGN KEY ("school_id","checked_out_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_report_submissions" ADD CONSTRAINT "hazard_report_submissions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_report_submissions" ADD CONSTRAINT "hazard_report_submissions_school_id_submitted_by_users_school_id_id_fk" FOREIGN KEY ("school_id","submitted_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_agreements" ADD CONSTRAINT "safety_agreements_school_id_post_id_safety_posts_school_id_id_fk" FOREIGN KEY ("school_id","post_id") REFERENCES "public"."safety_posts"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_agreements" ADD CONSTRAINT "safety_agreements_school_id_signer_id_users_school_id_id_fk" FOREIGN KEY ("school_id","signer_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_agreements" ADD CONSTRAINT "safety_agreements_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_drills" ADD CONSTRAINT "safety_drills_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_drills" ADD CONSTRAINT "safety_drills_school_id_plan_id_safety_plans_school_id_id_fk" FOREIGN KEY ("school_id","plan_id") REFERENCES "public"."safety_plans"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_drills" ADD CONSTRAINT "safety_drills_school_id_organiser_id_users_school_id_id_fk" FOREIGN KEY ("school_id","organiser_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_drills" ADD CONSTRAINT "safety_drills_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_education" ADD CONSTRAINT "safety_education_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_education" ADD CONSTRAINT "safety_education_school_id_teacher_id_users_school_id_id_fk" FOREIGN KEY ("school_id","teacher_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_education" ADD CONSTRAINT "safety_education_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_incidents" ADD CONSTRAINT "safety_incidents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_incidents" ADD CONSTRAINT "safety_incidents_school_id_reporter_id_users_school_id_id_fk" FOREIGN KEY ("school_id","reporter_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_versions" ADD CONSTRAINT "safety_plan_versions_school_id_plan_id_safety_plans_school_id_id_fk" FOREIGN KEY ("school_id","plan_id") REFERENCES "public"."safety_plans"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_versions" ADD CONSTRAINT "safety_plan_versions_school_id_uploaded_by_users_school_id_id_fk" FOREIGN KEY ("school_id","uploaded_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_versions" ADD CONSTRAINT "safety_plan_versions_school_id_approved_by_users_school_id_id_fk" FOREIGN KEY ("school_id","approved_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plans" ADD CONSTRAINT "safety_plans_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plans" ADD CONSTRAINT "safety_plans_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_posts" ADD CONSTRAINT "safety_posts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_posts" ADD CONSTRAINT "safety_posts_school_id_holder_id_users_school_id_id_fk" FOREIGN KEY ("school_id","holder_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_collective_school_round_uq" ON "approval_collective_decisions" USING btree ("school_id","approval_id","round");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_rules_school_kind_uq" ON "approval_rules" USING btree ("school_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_steps_school_round_uq" ON "approval_steps" USING btree ("school_id","approval_id","round","position");--> statement-breakpoint
CREATE INDEX "approval_steps_school_decider_idx" ON "approval_steps" USING btree ("school_id","decided_by","decided_at","approval_id") WHERE decided_by IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_school_document_uq" ON "approvals" USING btree ("school_id","kind","document_id");--> statement-breakpoint
CREATE INDEX "approvals_school_submitted_idx" ON "approvals" USING btree ("school_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "approvals_school_state_step_role_idx" ON "approvals" USING btree ("school_id","state","current_step_role","submitted_at","id");--> statement-breakpoint
CREATE INDEX "approvals_school_kind_state_idx" ON "approvals" USING btree ("school_id","kind","state","submitted_at","id");--> statement-breakpoint
CREATE INDEX "approvals_school_applicant_idx" ON "approvals" USING btree ("school_id","applicant_id","submitted_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_results_item_uq" ON "inspection_results" USING btree ("school_id","inspection_id","item_id");--> statement-breakpoint
CREATE INDEX "inspection_template_items_revision_idx" ON "inspection_template_items" USING btree ("school_id","template_id","revision","position");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_templates_school_code_uq" ON "inspection_templates" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "inspection_templates_school_domain_idx" ON "inspection_templates" USING btree ("school_id","domain","id");--> statement-breakpoint
CREATE INDEX "inspections_school_started_idx" ON "inspections" USING btree ("school_id","started_at","id");--> statement-breakpoint
CREATE INDEX "inspections_school_domain_idx" ON "inspections" USING btree ("school_id","domain","started_at","id");--> statement-breakpoint
CREATE INDEX "inspections_school_template_idx" ON "inspections" USING btree ("school_id","template_id","started_at","id");--> statement-breakpoint
CREATE INDEX "inspections_school_location_idx" ON "inspections" USING btree ("school_id","location_id","started_at","id");--> statement-breakpoint
CREATE INDEX "inspections_school_state_idx" ON "inspections" USING btree ("school_id","state","started_at","id");--> statement-breakpoint
CREATE INDEX "inspections_school_day_idx" ON "inspections" USING btree ("school_id","day","id");--> statement-breakpoint
CREATE INDEX "inspections_school_inspector_idx" ON "inspections" USING btree ("school_id","inspector_id","started_at","id");--> statement-breakpoint
CREATE INDEX "inspections_school_domain_submitted_idx" ON "inspections" USING btree ("school_id","domain","submitted_at") WHERE state = 'submitted';--> statement-breakpoint
CREATE INDEX "rectification_events_school_rect_idx" ON "rectification_events" USING btree ("school_id","rectification_id","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_reported_idx" ON "rectifications" USING btree ("school_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_domain_idx" ON "rectifications" USING btree ("school_id","domain","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_domain_state_idx" ON "rectifications" USING btree ("school_id","domain","state","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_domain_kind_idx" ON "rectifications" USING btree ("school_id","domain","kind","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_domain_severity_idx" ON "rectifications" USING btree ("school_id","domain","severity","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_owner_idx" ON "rectifications" USING btree ("school_id","owner_id","state","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_reporter_idx" ON "rectifications" USING btree ("school_id","reporter_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_location_idx" ON "rectifications" USING btree ("school_id","location_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "rectifications_school_source_idx" ON "rectifications" USING btree ("school_id","source","source_id");--> statement-breakpoint
CREATE INDEX "rectifications_school_waiting_idx" ON "rectifications" USING btree ("school_id","domain","deadline","id") WHERE state IN ('open','assigned');--> statement-breakpoint
CREATE INDEX "rectifications_escalation_idx" ON "rectifications" USING btree ("deadline") WHERE escalated_at IS NULL AND state IN ('open','assigned');--> statement-breakpoint
CREATE INDEX "rectifications_school_domain_unclosed_idx" ON "rectifications" USING btree ("school_id","domain","reported_at") WHERE state <> 'closed';--> statement-breakpoint
CREATE INDEX "rectifications_school_domain_verified_idx" ON "rectifications" USING btree ("school_id","domain","verified_at") WHERE state = 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "asset_classes_school_code_uq" ON "asset_classes" USING btree ("school_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "asset_depreciation_runs_school_month_uq" ON "asset_depreciation_runs" USING btree ("school_id","month");--> statement-breakpoint
CREATE INDEX "asset_events_school_asset_idx" ON "asset_events" USING btree ("school_id","asset_id","id");--> statement-breakpoint
CREATE INDEX "asset_import_jobs_school_created_idx" ON "asset_import_jobs" USING btree ("school_id","created_at","id");--> statement-breakpoint
CREATE INDEX "asset_import_jobs_pending_idx" ON "asset_import_jobs" USING btree ("state") WHERE state IN ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "assets_school_code_uq" ON "assets" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "assets_school_class_idx" ON "assets" USING btree ("school_id","class_code" text_pattern_ops,"code","id");--> statement-breakpoint
CREATE INDEX "assets_school_status_idx" ON "assets" USING btree ("school_id","status","code","id");--> statement-breakpoint
CREATE INDEX "assets_school_location_idx" ON "assets" USING btree ("school_id","location_id","code","id");--> statement-breakpoint
CREATE INDEX "assets_school_department_idx" ON "assets" USING btree ("school_id","department_id","code","id");--> statement-breakpoint
CREATE INDEX "assets_school_custodian_idx" ON "assets" USING btree ("school_id","custodian_id","code","id");--> statement-breakpoint
CREATE INDEX "assets_school_low_value_idx" ON "assets" USING btree ("school_id","low_value","code","id");--> statement-breakpoint
CREATE INDEX "assets_school_price_idx" ON "assets" USING btree ("school_id","unit_price_fen","id");--> statement-breakpoint
CREATE INDEX "assets_school_name_serial_idx" ON "assets" USING btree ("school_id","name","serial_no");--> statement-breakpoint
CREATE INDEX "asset_process_events_entity_idx" ON "asset_process_events" USING btree ("school_id","entity","entity_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "damage_payments_receipt_uq" ON "damage_payments" USING btree ("school_id","receipt_no");--> statement-breakpoint
CREATE INDEX "damage_payments_report_idx" ON "damage_payments" USING btree ("school_id","report_id","id");--> statement-breakpoint
CREATE INDEX "damage_payments_paid_on_idx" ON "damage_payments" USING btree ("school_id","paid_on","id");--> statement-breakpoint
CREATE UNIQUE INDEX "damage_reports_school_code_uq" ON "damage_reports" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "damage_reports_school_created_idx" ON "damage_reports" USING btree ("school_id","created_at","id");--> statement-breakpoint
CREATE INDEX "damage_reports_school_state_idx" ON "damage_reports" USING btree ("school_id","state","created_at","id");--> statement-breakpoint
CREATE INDEX "damage_reports_school_type_idx" ON "damage_reports" USING btree ("school_id","responsible_type","created_at","id");--> statement-breakpoint
CREATE INDEX "damage_reports_school_asset_idx" ON "damage_reports" USING btree ("school_id","asset_id","created_at","id");--> statement-breakpoint
CREATE INDEX "damage_reports_school_found_by_idx" ON "damage_reports" USING btree ("school_id","found_by","created_at","id");--> statement-breakpoint
CREATE INDEX "damage_reports_school_reported_by_idx" ON "damage_reports" USING btree ("school_id","reported_by","created_at","id");--> statement-breakpoint
CREATE INDEX "damage_reports_outstanding_student_idx" ON "damage_reports" USING btree ("school_id","responsible_id") WHERE state = 'outstanding' AND responsible_type = 'student';--> statement-breakpoint
CREATE INDEX "damage_waivers_report_idx" ON "damage_waivers" USING btree ("school_id","report_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "damage_waivers_open_uq" ON "damage_waivers" USING btree ("school_id","report_id") WHERE state IN ('pending', 'returned');--> statement-breakpoint
CREATE UNIQUE INDEX "disposal_items_open_asset_uq" ON "disposal_items" USING btree ("school_id","asset_id") WHERE open;--> statement-breakpoint
CREATE INDEX "disposal_items_asset_idx" ON "disposal_items" USING btree ("school_id","asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disposal_requests_school_code_uq" ON "disposal_requests" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "disposal_requests_school_created_idx" ON "disposal_requests" USING btree ("school_id","created_at","id");--> statement-breakpoint
CREATE INDEX "disposal_requests_school_state_idx" ON "disposal_requests" USING btree ("school_id","state","created_at","id");--> statement-breakpoint
CREATE INDEX "disposal_requests_school_way_idx" ON "disposal_requests" USING btree ("school_id","way","created_at","id");--> statement-breakpoint
CREATE INDEX "stocktake_counters_school_user_idx" ON "stocktake_counters" USING btree ("school_id","user_id","stocktake_id");--> statement-breakpoint
CREATE INDEX "stocktake_counts_asset_idx" ON "stocktake_counts" USING btree ("school_id","stocktake_id","asset_id","id");--> statement-breakpoint
CREATE INDEX "stocktake_counts_user_idx" ON "stocktake_counts" USING btree ("school_id","stocktake_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stocktake_lines_asset_uq" ON "stocktake_lines" USING btree ("school_id","stocktake_id","asset_id");--> statement-breakpoint
CREATE INDEX "stocktake_lines_expected_loc_idx" ON "stocktake_lines" USING btree ("school_id","stocktake_id","expected_location_id","id");--> statement-breakpoint
CREATE INDEX "stocktake_lines_found_loc_idx" ON "stocktake_lines" USING btree ("school_id","stocktake_id","found_location_id","id");--> statement-breakpoint
CREATE INDEX "stocktake_lines_result_idx" ON "stocktake_lines" USING btree ("school_id","stocktake_id","result","id");--> statement-breakpoint
CREATE INDEX "stocktake_surplus_stocktake_idx" ON "stocktake_surplus" USING btree ("school_id","stocktake_id","location_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stocktakes_school_code_uq" ON "stocktakes" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "stocktakes_school_created_idx" ON "stocktakes" USING btree ("school_id","created_at","id");--> statement-breakpoint
CREATE INDEX "stocktakes_school_state_idx" ON "stocktakes" USING btree ("school_id","state","created_at","id");--> statement-breakpoint
CREATE INDEX "stocktakes_school_closed_idx" ON "stocktakes" USING btree ("school_id","closed_at") WHERE state = 'closed';--> statement-breakpoint
CREATE INDEX "duty_handovers_school_written_idx" ON "duty_handovers" USING btree ("school_id","written_at","id");--> statement-breakpoint
CREATE INDEX "duty_handovers_school_kind_idx" ON "duty_handovers" USING btree ("school_id","kind","written_at","id");--> statement-breakpoint
CREATE INDEX "duty_handovers_school_open_idx" ON "duty_handovers" USING btree ("school_id","written_at","id") WHERE state = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "duty_shifts_school_kind_date_user_uq" ON "duty_shifts" USING btree ("school_id","kind","date","user_id");--> statement-breakpoint
CREATE INDEX "duty_shifts_school_date_idx" ON "duty_shifts" USING btree ("school_id","date","kind","id");--> statement-breakpoint
CREATE INDEX "duty_shifts_school_user_idx" ON "duty_shifts" USING btree ("school_id","user_id","date");--> statement-breakpoint
CREATE INDEX "duty_shifts_school_ends_idx" ON "duty_shifts" USING btree ("school_id","ends_at","starts_at");--> statement-breakpoint
CREATE INDEX "duty_swaps_school_requested_idx" ON "duty_swaps" USING btree ("school_id","requested_at","id");--> statement-breakpoint
CREATE INDEX "duty_swaps_school_state_idx" ON "duty_swaps" USING btree ("school_id","state","requested_at","id");--> statement-breakpoint
CREATE INDEX "duty_swaps_school_requester_idx" ON "duty_swaps" USING btree ("school_id","requester_id","requested_at","id");--> statement-breakpoint
CREATE INDEX "duty_swaps_school_with_idx" ON "duty_swaps" USING btree ("school_id","with_user_id","requested_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "exit_passes_school_code_uq" ON "exit_passes" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "exit_passes_school_issued_idx" ON "exit_passes" USING btree ("school_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "exit_passes_school_state_idx" ON "exit_passes" USING btree ("school_id","state","issued_at","id");--> statement-breakpoint
CREATE INDEX "exit_passes_school_class_idx" ON "exit_passes" USING btree ("school_id","class_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "exit_passes_school_student_idx" ON "exit_passes" USING btree ("school_id","student_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "exit_passes_school_issuer_idx" ON "exit_passes" USING btree ("school_id","issued_by","issued_at","id");--> statement-breakpoint
CREATE INDEX "exit_passes_school_exited_idx" ON "exit_passes" USING btree ("school_id","exited_at") WHERE exited_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "exit_passes_school_active_student_idx" ON "exit_passes" USING btree ("school_id","student_id","valid_until") WHERE state = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_checkpoints_school_token_uq" ON "patrol_checkpoints" USING btree ("school_id","token");--> statement-breakpoint
CREATE INDEX "patrol_checkpoints_school_route_idx" ON "patrol_checkpoints" USING btree ("school_id","route_id","position","id");--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_routes_school_name_uq" ON "patrol_routes" USING btree ("school_id","name");--> statement-breakpoint
CREATE INDEX "patrol_routes_school_kind_idx" ON "patrol_routes" USING btree ("school_id","kind","id");--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_scans_school_patrol_checkpoint_uq" ON "patrol_scans" USING btree ("school_id","patrol_id","checkpoint_id");--> statement-breakpoint
CREATE INDEX "patrols_school_started_idx" ON "patrols" USING btree ("school_id","started_at","id");--> statement-breakpoint
CREATE INDEX "patrols_school_route_idx" ON "patrols" USING btree ("school_id","route_id","started_at","id");--> statement-breakpoint
CREATE INDEX "patrols_school_kind_idx" ON "patrols" USING btree ("school_id","kind","started_at","id");--> statement-breakpoint
CREATE INDEX "patrols_school_patroller_idx" ON "patrols" USING btree ("school_id","patroller_id","started_at","id");--> statement-breakpoint
CREATE INDEX "patrols_school_state_idx" ON "patrols" USING btree ("school_id","state","started_at","id");--> statement-breakpoint
CREATE INDEX "patrols_school_counts_idx" ON "patrols" USING btree ("school_id","counts_for","kind");--> statement-breakpoint
CREATE INDEX "patrols_school_flagged_idx" ON "patrols" USING btree ("school_id","started_at","id") WHERE missed_count > 0 OR late_count > 0;--> statement-breakpoint
CREATE INDEX "visitors_school_in_idx" ON "visitors" USING btree ("school_id","time_in","id");--> statement-breakpoint
CREATE INDEX "visitors_school_inside_idx" ON "visitors" USING btree ("school_id","time_in","id") WHERE time_out IS NULL;--> statement-breakpoint
CREATE INDEX "visitors_school_flagged_idx" ON "visitors" USING btree ("school_id","time_in","id") WHERE flagged_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "visitors_school_hash_idx" ON "visitors" USING btree ("school_id","id_hash","time_in","id");--> statement-breakpoint
CREATE INDEX "visitors_school_host_idx" ON "visitors" USING btree ("school_id","host_id","time_in","id");--> statement-breakpoint
CREATE INDEX "visitors_school_phone_idx" ON "visitors" USING btree ("school_id","phone" text_pattern_ops,"time_in","id");--> statement-breakpoint
CREATE INDEX "visitors_school_plate_idx" ON "visitors" USING btree ("school_id","plate" text_pattern_ops,"time_in","id");--> statement-breakpoint
CREATE INDEX "visitors_school_name_idx" ON "visitors" USING btree ("school_id","name" text_pattern_ops,"time_in","id");--> statement-breakpoint
CREATE INDEX "visitors_due_out_idx" ON "visitors" USING btree ("due_out_at") WHERE time_out IS NULL AND flagged_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "hazard_report_submissions_month_uq" ON "hazard_report_submissions" USING btree ("school_id","month","revision");--> statement-breakpoint
CREATE INDEX "hazard_report_submissions_submitted_idx" ON "hazard_report_submissions" USING btree ("school_id","submitted_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_agreements_school_post_year_uq" ON "safety_agreements" USING btree ("school_id","post_id","year");--> statement-breakpoint
CREATE INDEX "safety_agreements_school_year_idx" ON "safety_agreements" USING btree ("school_id","year","post_id");--> statement-breakpoint
CREATE INDEX "safety_drills_school_held_idx" ON "safety_drills" USING btree ("school_id","held_on","id");--> statement-breakpoint
CREATE INDEX "safety_drills_school_scenario_idx" ON "safety_drills" USING btree ("school_id","scenario","held_on","id");--> statement-breakpoint
CREATE INDEX "safety_drills_school_evacuation_idx" ON "safety_drills" USING btree ("school_id","evacuation_seconds","held_on","id");--> statement-breakpoint
CREATE INDEX "safety_education_school_held_idx" ON "safety_education" USING btree ("school_id","held_on","id");--> statement-breakpoint
CREATE INDEX "safety_education_school_kind_idx" ON "safety_education" USING btree ("school_id","kind","held_on","id");--> statement-breakpoint
CREATE INDEX "safety_education_school_class_idx" ON "safety_education" USING btree ("school_id","class_id","held_on","id");--> statement-breakpoint
CREATE INDEX "safety_incidents_school_occurred_idx" ON "safety_incidents" USING btree ("school_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "safety_incidents_school_severity_idx" ON "safety_incidents" USING btree ("school_id","severity","occurred_at","id");--> statement-breakpoint
CREATE INDEX "safety_incidents_school_year_idx" ON "safety_incidents" USING btree ("school_id","year","occurred_at","id");--> statement-breakpoint
CREATE INDEX "safety_incidents_school_reporter_idx" ON "safety_incidents" USING btree ("school_id","reporter_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "safety_incidents_school_accident_idx" ON "safety_incidents" USING btree ("school_id","year","occurred_at","id") WHERE safety_accident;--> statement-breakpoint
CREATE UNIQUE INDEX "safety_plan_versions_school_plan_number_uq" ON "safety_plan_versions" USING btree ("school_id","plan_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_plans_school_title_uq" ON "safety_plans" USING btree ("school_id","title");--> statement-breakpoint
CREATE INDEX "safety_plans_school_updated_idx" ON "safety_plans" USING btree ("school_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "safety_plans_school_kind_idx" ON "safety_plans" USING btree ("school_id","kind","updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_posts_school_name_uq" ON "safety_posts" USING btree ("school_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_posts_school_class_uq" ON "safety_posts" USING btree ("school_id","class_id") WHERE class_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "safety_posts_school_active_idx" ON "safety_posts" USING btree ("school_id","active","name","id");