CREATE TYPE "public"."activation_status" AS ENUM('not_requested', 'requested', 'active', 'deactivated');--> statement-breakpoint
CREATE TYPE "public"."auth_status" AS ENUM('ok', 'needs_reauth', 'missing_scopes');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('email', 'sms');--> statement-breakpoint
CREATE TYPE "public"."channel_mode" AS ENUM('email', 'sms', 'both', 'email_then_sms');--> statement-breakpoint
CREATE TYPE "public"."opt_out_source" AS ENUM('staff', 'email_unsubscribe', 'sms_stop');--> statement-breakpoint
CREATE TYPE "public"."send_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('doctor', 'staff');--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_group_id" bigint NOT NULL,
	"practice_name" text NOT NULL,
	"practice_address" text,
	"activation" "activation_status" DEFAULT 'not_requested' NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"auth_status" "auth_status" DEFAULT 'ok' NOT NULL,
	"granted_scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"channel_mode" "channel_mode" DEFAULT 'email' NOT NULL,
	"sms_consent_attested_by" text,
	"sms_consent_attested_at" timestamp with time zone,
	"greet_responsible_party" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"activation_requested_at" timestamp with time zone,
	"activation_requested_by" text,
	"activated_at" timestamp with time zone,
	"activated_by" text,
	"activation_note" text,
	"last_sync_at" timestamp with time zone,
	"last_full_sync_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_practice_group_id_unique" UNIQUE("practice_group_id")
);
--> statement-breakpoint
CREATE TABLE "admin_login_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drchrono_tokens" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"granted_by_user_id" uuid,
	"key_id" text NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"account_id" uuid NOT NULL,
	"patient_id" bigint NOT NULL,
	"source" "opt_out_source" NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opt_outs_account_id_patient_id_source_pk" PRIMARY KEY("account_id","patient_id","source")
);
--> statement-breakpoint
CREATE TABLE "patient_index" (
	"account_id" uuid NOT NULL,
	"patient_id" bigint NOT NULL,
	"doctor_id" bigint,
	"birth_month" smallint,
	"birth_day" smallint,
	"skip_reason" text,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_index_account_id_patient_id_pk" PRIMARY KEY("account_id","patient_id")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"local_date" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"greeted" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"deferred" integer DEFAULT 0 NOT NULL,
	"skipped" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"drchrono_calls" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "send_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"patient_id" bigint NOT NULL,
	"birthday_year" integer NOT NULL,
	"channel" "channel" NOT NULL,
	"status" "send_status" DEFAULT 'pending' NOT NULL,
	"local_date" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"provider_id" text,
	"error" text,
	"run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"drchrono_user_id" bigint NOT NULL,
	"username" text NOT NULL,
	"role" "user_role" NOT NULL,
	"drchrono_doctor_id" bigint,
	"display_name" text,
	"email" text,
	"last_sign_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_drchrono_user_id_unique" UNIQUE("drchrono_user_id")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drchrono_tokens" ADD CONSTRAINT "drchrono_tokens_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drchrono_tokens" ADD CONSTRAINT "drchrono_tokens_granted_by_user_id_users_id_fk" FOREIGN KEY ("granted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_index" ADD CONSTRAINT "patient_index_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_log" ADD CONSTRAINT "send_log_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_account_idx" ON "audit_log" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "patient_index_birthday_idx" ON "patient_index" USING btree ("account_id","birth_month","birth_day");--> statement-breakpoint
CREATE INDEX "runs_account_idx" ON "runs" USING btree ("account_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "send_log_once_idx" ON "send_log" USING btree ("account_id","patient_id","birthday_year","channel");--> statement-breakpoint
CREATE INDEX "send_log_account_date_idx" ON "send_log" USING btree ("account_id","local_date");--> statement-breakpoint
CREATE INDEX "users_account_idx" ON "users" USING btree ("account_id");