CREATE TABLE "canteen_accompanied_meals" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_accompanied_meals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"meal" text NOT NULL,
	"person_kind" text NOT NULL,
	"leader_id" integer,
	"parent_name" text,
	"post" text,
	"dish_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"rating_quality" smallint NOT NULL,
	"rating_quantity" smallint NOT NULL,
	"rating_hygiene" smallint NOT NULL,
	"rating_price" smallint NOT NULL,
	"problems" text,
	"follow_up" text,
	"follow_up_by" integer,
	"follow_up_result" text,
	"follow_up_closed_at" timestamp (3) with time zone,
	"follow_up_closed_by" integer,
	"recorded_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_accompanied_meals_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_dishes" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_dishes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"category" text NOT NULL,
	"ingredients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"energy_kcal" integer DEFAULT 0 NOT NULL,
	"protein_g" double precision DEFAULT 0 NOT NULL,
	"fat_g" double precision DEFAULT 0 NOT NULL,
	"carb_g" double precision DEFAULT 0 NOT NULL,
	"price_fen" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_dishes_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_menu_meals" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_menu_meals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"menu_id" integer NOT NULL,
	"day" date NOT NULL,
	"meal" text NOT NULL,
	"dish_ids" integer[] NOT NULL,
	"price_fen" integer,
	"published" boolean DEFAULT false NOT NULL,
	CONSTRAINT "canteen_menu_meals_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_menu_snapshots" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_menu_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"menu_id" integer NOT NULL,
	"week_start" date NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"content" jsonb NOT NULL,
	CONSTRAINT "canteen_menu_snapshots_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_menus" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_menus_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"week_start" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp (3) with time zone,
	"published_by" integer,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_menus_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_rota" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_rota_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"leader_id" integer NOT NULL,
	"meal" text NOT NULL,
	"weekdays" integer[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_rota_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_samples" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_samples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"meal" text NOT NULL,
	"dish_id" integer NOT NULL,
	"dish_name" text NOT NULL,
	"weight_grams" integer NOT NULL,
	"sampled_at" timestamp (3) with time zone NOT NULL,
	"sampler_id" integer,
	"cabinet_location_id" integer,
	"cabinet" text,
	"keep_until" timestamp (3) with time zone NOT NULL,
	"disposed_at" timestamp (3) with time zone,
	"disposed_by" integer,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_samples_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_health_certs" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_health_certs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"staff_id" integer NOT NULL,
	"cert_no" text NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"issuer" text,
	"alerted_at" timestamp (3) with time zone,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_health_certs_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_morning_checks" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_morning_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"staff_id" integer NOT NULL,
	"day" date NOT NULL,
	"fever" boolean DEFAULT false NOT NULL,
	"temperature" numeric(3, 1),
	"diarrhoea" boolean DEFAULT false NOT NULL,
	"wound" boolean DEFAULT false NOT NULL,
	"sore_throat" boolean DEFAULT false NOT NULL,
	"other_symptom" text,
	"result" text NOT NULL,
	"checker_id" integer,
	"checked_at" timestamp (3) with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_morning_checks_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_roster_assignments" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_roster_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"staff_id" integer NOT NULL,
	"posts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "canteen_roster_assignments_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_service_stops" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_service_stops_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"inspection_id" integer NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stopped_at" timestamp (3) with time zone NOT NULL,
	"stopped_by" integer,
	"lifted_at" timestamp (3) with time zone,
	"lifted_by" integer,
	"lift_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "canteen_service_stops_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_staff" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_staff_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"posts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_staff_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_staff_alerts" (
	"school_id" integer NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"data" jsonb,
	CONSTRAINT "canteen_staff_alerts_school_id_kind_day_pk" PRIMARY KEY("school_id","kind","day")
);
--> statement-breakpoint
CREATE TABLE "canteen_fee_income" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_fee_income_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"month" text NOT NULL,
	"income_fen" integer NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_fee_income_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_intake_items" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_intake_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"intake_id" integer NOT NULL,
	"line" integer NOT NULL,
	"received_on" date NOT NULL,
	"name" text NOT NULL,
	"spec" text,
	"category" text NOT NULL,
	"bulk" boolean DEFAULT false NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"unit" text NOT NULL,
	"unit_price_fen" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"production_date" date,
	"batch" text,
	"shelf_life_days" integer,
	"expires_on" date,
	"temperature" numeric(4, 1),
	"destination" text NOT NULL,
	"result" text NOT NULL,
	"refuse_reason" text,
	"disposal" text,
	"used_quantity" numeric(14, 3) DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "canteen_intake_items_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_intakes" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_intakes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"supplier_id" integer NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"received_on" date NOT NULL,
	"inspector_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"has_bulk" boolean DEFAULT false NOT NULL,
	"refused_count" integer DEFAULT 0 NOT NULL,
	"retain_until" date NOT NULL,
	"note" text,
	"created_by" integer,
	"deleted_by" integer,
	"deleted_at" timestamp (3) with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_intakes_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_meal_counts" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_meal_counts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"date" date NOT NULL,
	"meal" text NOT NULL,
	"students" integer NOT NULL,
	"staff" integer NOT NULL,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_meal_counts_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_supplier_incidents" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_supplier_incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"supplier_id" integer NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "canteen_supplier_incidents_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_supplier_licences" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_supplier_licences_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"supplier_id" integer NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"expires_on" date NOT NULL,
	"alerted_for" date,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_supplier_licences_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_suppliers" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_suppliers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"address" text NOT NULL,
	"contact" text NOT NULL,
	"phone" text NOT NULL,
	"credit_code" text NOT NULL,
	"status" text DEFAULT 'admitted' NOT NULL,
	"no_incident_declared" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_by" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_suppliers_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "canteen_usage" (
	"school_id" integer NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "canteen_usage_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"used_on" date NOT NULL,
	"item_id" integer NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"amount_fen" integer NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canteen_usage_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
ALTER TABLE "canteen_accompanied_meals" ADD CONSTRAINT "canteen_accompanied_meals_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_accompanied_meals" ADD CONSTRAINT "canteen_accompanied_meals_school_id_leader_id_users_school_id_id_fk" FOREIGN KEY ("school_id","leader_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_accompanied_meals" ADD CONSTRAINT "canteen_accompanied_meals_school_id_follow_up_by_users_school_id_id_fk" FOREIGN KEY ("school_id","follow_up_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_accompanied_meals" ADD CONSTRAINT "canteen_accompanied_meals_school_id_follow_up_closed_by_users_school_id_id_fk" FOREIGN KEY ("school_id","follow_up_closed_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_accompanied_meals" ADD CONSTRAINT "canteen_accompanied_meals_school_id_recorded_by_users_school_id_id_fk" FOREIGN KEY ("school_id","recorded_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_dishes" ADD CONSTRAINT "canteen_dishes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_menu_meals" ADD CONSTRAINT "canteen_menu_meals_school_id_menu_id_canteen_menus_school_id_id_fk" FOREIGN KEY ("school_id","menu_id") REFERENCES "public"."canteen_menus"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_menu_snapshots" ADD CONSTRAINT "canteen_menu_snapshots_school_id_menu_id_canteen_menus_school_id_id_fk" FOREIGN KEY ("school_id","menu_id") REFERENCES "public"."canteen_menus"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_menus" ADD CONSTRAINT "canteen_menus_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_menus" ADD CONSTRAINT "canteen_menus_school_id_published_by_users_school_id_id_fk" FOREIGN KEY ("school_id","published_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_menus" ADD CONSTRAINT "canteen_menus_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_rota" ADD CONSTRAINT "canteen_rota_school_id_leader_id_users_school_id_id_fk" FOREIGN KEY ("school_id","leader_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_samples" ADD CONSTRAINT "canteen_samples_school_id_dish_id_canteen_dishes_school_id_id_fk" FOREIGN KEY ("school_id","dish_id") REFERENCES "public"."canteen_dishes"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_samples" ADD CONSTRAINT "canteen_samples_school_id_sampler_id_users_school_id_id_fk" FOREIGN KEY ("school_id","sampler_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_samples" ADD CONSTRAINT "canteen_samples_school_id_disposed_by_users_school_id_id_fk" FOREIGN KEY ("school_id","disposed_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_health_certs" ADD CONSTRAINT "canteen_health_certs_school_id_staff_id_canteen_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."canteen_staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_morning_checks" ADD CONSTRAINT "canteen_morning_checks_school_id_staff_id_canteen_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."canteen_staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_roster_assignments" ADD CONSTRAINT "canteen_roster_assignments_school_id_staff_id_canteen_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."canteen_staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_staff" ADD CONSTRAINT "canteen_staff_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_staff" ADD CONSTRAINT "canteen_staff_school_id_user_id_users_school_id_id_fk" FOREIGN KEY ("school_id","user_id") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_fee_income" ADD CONSTRAINT "canteen_fee_income_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_intake_items" ADD CONSTRAINT "canteen_intake_items_school_id_intake_id_canteen_intakes_school_id_id_fk" FOREIGN KEY ("school_id","intake_id") REFERENCES "public"."canteen_intakes"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_intakes" ADD CONSTRAINT "canteen_intakes_school_id_supplier_id_canteen_suppliers_school_id_id_fk" FOREIGN KEY ("school_id","supplier_id") REFERENCES "public"."canteen_suppliers"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_intakes" ADD CONSTRAINT "canteen_intakes_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_intakes" ADD CONSTRAINT "canteen_intakes_school_id_deleted_by_users_school_id_id_fk" FOREIGN KEY ("school_id","deleted_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_meal_counts" ADD CONSTRAINT "canteen_meal_counts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_meal_counts" ADD CONSTRAINT "canteen_meal_counts_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_supplier_incidents" ADD CONSTRAINT "canteen_supplier_incidents_school_id_supplier_id_canteen_suppliers_school_id_id_fk" FOREIGN KEY ("school_id","supplier_id") REFERENCES "public"."canteen_suppliers"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_supplier_licences" ADD CONSTRAINT "canteen_supplier_licences_school_id_supplier_id_canteen_suppliers_school_id_id_fk" FOREIGN KEY ("school_id","supplier_id") REFERENCES "public"."canteen_suppliers"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_suppliers" ADD CONSTRAINT "canteen_suppliers_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_suppliers" ADD CONSTRAINT "canteen_suppliers_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_usage" ADD CONSTRAINT "canteen_usage_school_id_item_id_canteen_intake_items_school_id_id_fk" FOREIGN KEY ("school_id","item_id") REFERENCES "public"."canteen_intake_items"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canteen_usage" ADD CONSTRAINT "canteen_usage_school_id_created_by_users_school_id_id_fk" FOREIGN KEY ("school_id","created_by") REFERENCES "public"."users"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "canteen_accompanied_school_day_idx" ON "canteen_accompanied_meals" USING btree ("school_id","day","meal","id");--> statement-breakpoint
CREATE INDEX "canteen_accompanied_school_kind_idx" ON "canteen_accompanied_meals" USING btree ("school_id","person_kind","day","id");--> statement-breakpoint
CREATE INDEX "canteen_accompanied_school_open_idx" ON "canteen_accompanied_meals" USING btree ("school_id","day","id") WHERE follow_up IS NOT NULL AND follow_up_closed_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_accompanied_school_leader_uq" ON "canteen_accompanied_meals" USING btree ("school_id","day","meal","leader_id") WHERE leader_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_accompanied_school_parent_uq" ON "canteen_accompanied_meals" USING btree ("school_id","day","meal","parent_name") WHERE parent_name IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_dishes_school_name_uq" ON "canteen_dishes" USING btree ("school_id","name");--> statement-breakpoint
CREATE INDEX "canteen_dishes_school_category_idx" ON "canteen_dishes" USING btree ("school_id","category","name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_menu_meals_school_day_meal_uq" ON "canteen_menu_meals" USING btree ("school_id","day","meal");--> statement-breakpoint
CREATE INDEX "canteen_menu_meals_school_menu_idx" ON "canteen_menu_meals" USING btree ("school_id","menu_id");--> statement-breakpoint
CREATE INDEX "canteen_menu_snapshots_school_published_idx" ON "canteen_menu_snapshots" USING btree ("school_id","published_at","id");--> statement-breakpoint
CREATE INDEX "canteen_menu_snapshots_school_week_idx" ON "canteen_menu_snapshots" USING btree ("school_id","week_start","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_menus_school_week_uq" ON "canteen_menus" USING btree ("school_id","week_start");--> statement-breakpoint
CREATE INDEX "canteen_menus_school_status_idx" ON "canteen_menus" USING btree ("school_id","status","week_start","id");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_rota_school_leader_meal_uq" ON "canteen_rota" USING btree ("school_id","leader_id","meal");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_samples_school_day_meal_dish_uq" ON "canteen_samples" USING btree ("school_id","day","meal","dish_id");--> statement-breakpoint
CREATE INDEX "canteen_samples_school_sampled_idx" ON "canteen_samples" USING btree ("school_id","sampled_at","id");--> statement-breakpoint
CREATE INDEX "canteen_samples_school_meal_idx" ON "canteen_samples" USING btree ("school_id","meal","sampled_at","id");--> statement-breakpoint
CREATE INDEX "canteen_samples_school_kept_idx" ON "canteen_samples" USING btree ("school_id","sampled_at","id") WHERE disposed_at IS NULL;--> statement-breakpoint
CREATE INDEX "canteen_health_certs_staff_idx" ON "canteen_health_certs" USING btree ("school_id","staff_id","expires_on");--> statement-breakpoint
CREATE INDEX "canteen_health_certs_alert_idx" ON "canteen_health_certs" USING btree ("school_id","expires_on") WHERE alerted_at IS NULL AND active;--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_morning_checks_school_staff_day_uq" ON "canteen_morning_checks" USING btree ("school_id","staff_id","day");--> statement-breakpoint
CREATE INDEX "canteen_morning_checks_school_day_idx" ON "canteen_morning_checks" USING btree ("school_id","day","result");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_roster_assignments_school_day_staff_uq" ON "canteen_roster_assignments" USING btree ("school_id","day","staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_service_stops_school_inspection_uq" ON "canteen_service_stops" USING btree ("school_id","inspection_id");--> statement-breakpoint
CREATE INDEX "canteen_service_stops_school_day_idx" ON "canteen_service_stops" USING btree ("school_id","day","id");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_staff_school_user_uq" ON "canteen_staff" USING btree ("school_id","user_id");--> statement-breakpoint
CREATE INDEX "canteen_staff_school_active_idx" ON "canteen_staff" USING btree ("school_id","active","id");--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_fee_income_school_month_uq" ON "canteen_fee_income" USING btree ("school_id","month");--> statement-breakpoint
CREATE INDEX "canteen_intake_items_school_intake_idx" ON "canteen_intake_items" USING btree ("school_id","intake_id","line");--> statement-breakpoint
CREATE INDEX "canteen_intake_items_school_kitchen_idx" ON "canteen_intake_items" USING btree ("school_id","received_on") WHERE active AND result = 'accepted' AND destination = 'kitchen';--> statement-breakpoint
CREATE INDEX "canteen_intake_items_school_store_idx" ON "canteen_intake_items" USING btree ("school_id","received_on","id") WHERE active AND result = 'accepted' AND destination = 'store';--> statement-breakpoint
CREATE INDEX "canteen_intakes_school_received_idx" ON "canteen_intakes" USING btree ("school_id","received_at","id") WHERE active;--> statement-breakpoint
CREATE INDEX "canteen_intakes_school_day_idx" ON "canteen_intakes" USING btree ("school_id","received_on") WHERE active;--> statement-breakpoint
CREATE INDEX "canteen_intakes_school_supplier_idx" ON "canteen_intakes" USING btree ("school_id","supplier_id","received_at","id") WHERE active;--> statement-breakpoint
CREATE INDEX "canteen_intakes_school_refused_idx" ON "canteen_intakes" USING btree ("school_id","received_at","id") WHERE active AND refused_count > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_meal_counts_school_date_meal_uq" ON "canteen_meal_counts" USING btree ("school_id","date","meal");--> statement-breakpoint
CREATE INDEX "canteen_supplier_incidents_school_supplier_idx" ON "canteen_supplier_incidents" USING btree ("school_id","supplier_id","occurred_on");--> statement-breakpoint
CREATE INDEX "canteen_supplier_licences_school_supplier_idx" ON "canteen_supplier_licences" USING btree ("school_id","supplier_id","expires_on");--> statement-breakpoint
CREATE INDEX "canteen_supplier_licences_school_expires_idx" ON "canteen_supplier_licences" USING btree ("school_id","expires_on","supplier_id") WHERE active;--> statement-breakpoint
CREATE UNIQUE INDEX "canteen_suppliers_school_credit_uq" ON "canteen_suppliers" USING btree ("school_id","credit_code");--> statement-breakpoint
CREATE INDEX "canteen_suppliers_school_name_idx" ON "canteen_suppliers" USING btree ("school_id","name","id");--> statement-breakpoint
CREATE INDEX "canteen_usage_school_used_idx" ON "canteen_usage" USING btree ("school_id","used_on","id");--> statement-breakpoint
CREATE INDEX "canteen_usage_school_item_idx" ON "canteen_usage" USING btree ("school_id","item_id");