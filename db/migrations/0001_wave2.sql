CREATE TABLE "admin_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_suppressions" (
	"account_id" uuid NOT NULL,
	"patient_id" bigint NOT NULL,
	"channel" "channel" NOT NULL,
	"contact_hash" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_suppressions_account_id_patient_id_channel_contact_hash_pk" PRIMARY KEY("account_id","patient_id","channel","contact_hash")
);
--> statement-breakpoint
CREATE TABLE "doctors" (
	"account_id" uuid NOT NULL,
	"doctor_id" bigint NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"suffix" text DEFAULT '' NOT NULL,
	"sign_off" text,
	"sign_off_es" text,
	"suspended" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "doctors_account_id_doctor_id_pk" PRIMARY KEY("account_id","doctor_id")
);
--> statement-breakpoint
CREATE TABLE "drchrono_call_budget" (
	"scope" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"paused_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "greeting_templates" (
	"account_id" uuid NOT NULL,
	"language" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "greeting_templates_account_id_language_pk" PRIMARY KEY("account_id","language")
);
--> statement-breakpoint
CREATE TABLE "provider_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"message_id" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "provider_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"payload" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_hints" (
	"account_id" uuid NOT NULL,
	"patient_id" bigint NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_hints_account_id_patient_id_pk" PRIMARY KEY("account_id","patient_id")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "practice_phone" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "send_hour" smallint;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "sign_off" text DEFAULT 'doctor' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "email_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "email_paused_reason" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "full_sync_cursor" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "full_sync_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "doctors_fetched_on" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "dispatched_on" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "outcome_settings_key" text;--> statement-breakpoint
ALTER TABLE "patient_index" ADD COLUMN "outcome_date" text;--> statement-breakpoint
ALTER TABLE "patient_index" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "patient_index" ADD COLUMN "outcome_reason" text;--> statement-breakpoint
ALTER TABLE "send_log" ADD COLUMN "delivery_status" text;--> statement-breakpoint
ALTER TABLE "send_log" ADD COLUMN "delivery_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_log" ADD COLUMN "delivery_error_code" text;--> statement-breakpoint
ALTER TABLE "send_log" ADD COLUMN "contact_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_suppressions" ADD CONSTRAINT "delivery_suppressions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "greeting_templates" ADD CONSTRAINT "greeting_templates_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_hints" ADD CONSTRAINT "webhook_hints_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_events_message_idx" ON "provider_events" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "send_log_provider_idx" ON "send_log" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "send_log_contact_idx" ON "send_log" USING btree ("contact_hash");