CREATE TABLE "file_blobs" (
	"school_id" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_blobs_school_id_file_id_kind_pk" PRIMARY KEY("school_id","file_id","kind")
);
--> statement-breakpoint
CREATE TABLE "files" (
	"school_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"has_thumbnail" boolean DEFAULT false NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp (3) with time zone NOT NULL,
	"entity" text,
	"entity_id" integer,
	"slot" text,
	"position" integer,
	"attached_at" timestamp (3) with time zone,
	CONSTRAINT "files_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "notification_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp (3) with time zone,
	CONSTRAINT "notification_outbox_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"entity" text,
	"entity_id" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp (3) with time zone,
	CONSTRAINT "notifications_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "schedule_runs" (
	"school_id" integer NOT NULL,
	"schedule_id" integer NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"ran_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_runs_school_id_schedule_id_due_at_pk" PRIMARY KEY("school_id","schedule_id","due_at")
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "schedules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"owner" text NOT NULL,
	"owner_id" integer NOT NULL,
	"rule" jsonb NOT NULL,
	"freq" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_due_at" timestamp (3) with time zone,
	"next_due_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedules_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"module" text NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"assignee_id" integer,
	"role" text,
	"due_at" timestamp (3) with time zone NOT NULL,
	"link" text NOT NULL,
	"escalate" boolean DEFAULT true NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"overdue_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "school_settings" (
	"school_id" integer NOT NULL,
	"module" text NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "school_settings_school_id_module_pk" PRIMARY KEY("school_id","module")
);
--> statement-breakpoint
CREATE TABLE "repair_code_counters" (
	"school_id" integer NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "repair_code_counters_school_id_day_pk" PRIMARY KEY("school_id","day")
);
--> statement-breakpoint
CREATE TABLE "repair_events" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "repair_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"from_state" text,
	"to_state" text,
	"note" text,
	"data" jsonb,
	CONSTRAINT "repair_events_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "repair_items" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "repair_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_id" integer NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"quantity" numeric(12, 2) NOT NULL,
	"unit" text,
	CONSTRAINT "repair_items_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "repair_orders" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "repair_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"state" text NOT NULL,
	"category" text NOT NULL,
	"urgency" text NOT NULL,
	"description" text NOT NULL,
	"planned_date" date,
	"location_id" integer NOT NULL,
	"building_id" integer,
	"asset_id" integer,
	"plan_id" integer,
	"reporter_id" integer NOT NULL,
	"assignee_id" integer,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"dispatched_at" timestamp (3) with time zone,
	"accepted_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone,
	"response_due_at" timestamp (3) with time zone NOT NULL,
	"done_due_at" timestamp (3) with time zone NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"overdue_at" timestamp (3) with time zone,
	"hours" numeric(8, 2),
	"complete_note" text,
	"rating" smallint,
	"comment" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repair_orders_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "repair_plan_targets" (
	"school_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"target_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "repair_plan_targets_school_id_plan_id_kind_target_id_pk" PRIMARY KEY("school_id","plan_id","kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "repair_plans" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "repair_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"category" text NOT NULL,
	"description" text,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assignee_id" integer,
	"created_by" integer,
	"schedule" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repair_plans_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "repair_rules" (
	"school_id" integer NOT NULL,
	"category" text NOT NULL,
	"assignee_id" integer,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repair_rules_school_id_category_pk" PRIMARY KEY("school_id","category")
);
--> statement-breakpoint
ALTER TABLE "file_blobs" ADD CONSTRAINT "file_blobs_school_id_file_id_files_school_id_id_fk" FOREIGN KEY ("school_id","file_id") REFERENCES "public"."files"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_school_id_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","user_id") REFERENCES "public"."users"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_school_id_schedule_id_schedules_school_id_id_fk" FOREIGN KEY ("school_id","schedule_id") REFERENCES "public"."schedules"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_school_id_assignee_id_users_school_id_id_fk" FOREIGN KEY ("school_id","assignee_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_settings" ADD CONSTRAINT "school_settings_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_events" ADD CONSTRAINT "repair_events_school_id_order_id_repair_orders_school_id_id_fk" FOREIGN KEY ("school_id","order_id") REFERENCES "public"."repair_orders"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_items" ADD CONSTRAINT "repair_items_school_id_order_id_repair_orders_school_id_id_fk" FOREIGN KEY ("school_id","order_id") REFERENCES "public"."repair_orders"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_school_id_reporter_id_users_school_id_id_fk" FOREIGN KEY ("school_id","reporter_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_school_id_assignee_id_users_school_id_id_fk" FOREIGN KEY ("school_id","assignee_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plan_targets" ADD CONSTRAINT "repair_plan_targets_school_id_plan_id_repair_plans_school_id_id_fk" FOREIGN KEY ("school_id","plan_id") REFERENCES "public"."repair_plans"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_school_id_assignee_id_users_school_id_id_fk" FOREIGN KEY ("school_id","assignee_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_rules" ADD CONSTRAINT "repair_rules_school_id_assignee_id_users_school_id_id_fk" FOREIGN KEY ("school_id","assignee_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_school_entity_idx" ON "files" USING btree ("school_id","entity","entity_id");--> statement-breakpoint
CREATE INDEX "files_unattached_idx" ON "files" USING btree ("created_at") WHERE "files"."entity" IS NULL;--> statement-breakpoint
CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("school_id","user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("school_id","user_id") WHERE read_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_owner_uq" ON "schedules" USING btree ("school_id","owner","owner_id");--> statement-breakpoint
CREATE INDEX "schedules_due_idx" ON "schedules" USING btree ("next_due_at") WHERE active;--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("school_id","assignee_id","due_at") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "tasks_role_idx" ON "tasks" USING btree ("school_id","role","due_at") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "tasks_entity_idx" ON "tasks" USING btree ("school_id","entity","entity_id");--> statement-breakpoint
CREATE INDEX "tasks_sweep_idx" ON "tasks" USING btree ("due_at") WHERE state = 'open' AND overdue_at IS NULL;--> statement-breakpoint
CREATE INDEX "repair_events_school_order_idx" ON "repair_events" USING btree ("school_id","order_id","id");--> statement-breakpoint
CREATE INDEX "repair_items_school_order_idx" ON "repair_items" USING btree ("school_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_orders_school_code_uq" ON "repair_orders" USING btree ("school_id","code");--> statement-breakpoint
CREATE INDEX "repair_orders_school_reported_idx" ON "repair_orders" USING btree ("school_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_state_idx" ON "repair_orders" USING btree ("school_id","state","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_state_category_idx" ON "repair_orders" USING btree ("school_id","state","category","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_category_idx" ON "repair_orders" USING btree ("school_id","category","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_assignee_idx" ON "repair_orders" USING btree ("school_id","assignee_id","state","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_reporter_idx" ON "repair_orders" USING btree ("school_id","reporter_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_location_idx" ON "repair_orders" USING btree ("school_id","location_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "repair_orders_school_plan_idx" ON "repair_orders" USING btree ("school_id","plan_id","reported_at");--> statement-breakpoint
CREATE INDEX "repair_orders_school_overdue_idx" ON "repair_orders" USING btree ("school_id","reported_at","id") WHERE overdue;--> statement-breakpoint
CREATE INDEX "repair_orders_school_overdue_state_idx" ON "repair_orders" USING btree ("school_id","state","category","reported_at","id") WHERE overdue;--> statement-breakpoint
CREATE INDEX "repair_orders_response_due_idx" ON "repair_orders" USING btree ("response_due_at") WHERE NOT overdue AND state IN ('reported','dispatched','reopened');--> statement-breakpoint
CREATE INDEX "repair_orders_done_due_idx" ON "repair_orders" USING btree ("done_due_at") WHERE NOT overdue AND state IN ('reported','dispatched','in_progress','reopened');--> statement-breakpoint
CREATE INDEX "repair_orders_completed_idx" ON "repair_orders" USING btree ("completed_at") WHERE state = 'completed';--> statement-breakpoint
CREATE UNIQUE INDEX "repair_plans_school_name_uq" ON "repair_plans" USING btree ("school_id","name");