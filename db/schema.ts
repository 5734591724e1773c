import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/*
 * What we keep, and nothing more: practices (accounts), the people who signed in, encrypted drchrono tokens,
 * opt-outs, a minimal patient index (no names, contacts or birth years), the send log, run summaries and an
 * audit trail. Patient identifiers are drchrono's numeric ids.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const patientId = () => bigint("patient_id", { mode: "number" }).notNull();

export const activationStatus = pgEnum("activation_status", [
  "not_requested",
  "requested",
  "active",
  "deactivated",
]);
export const authStatus = pgEnum("auth_status", ["ok", "needs_reauth", "missing_scopes"]);
export const channelMode = pgEnum("channel_mode", ["email", "sms", "both", "email_then_sms"]);
export const channel = pgEnum("channel", ["email", "sms"]);
export const userRole = pgEnum("user_role", ["doctor", "staff"]);
export const optOutSource = pgEnum("opt_out_source", ["staff", "email_unsubscribe", "sms_stop"]);
export const sendStatus = pgEnum("send_status", ["pending", "sent", "failed"]);

/** A practice: every drchrono user of one practice group shares one account. */
export const accounts = pgTable("accounts", {
  id: uuid("id").primaryKey().defaultRandom(),
  practiceGroupId: bigint("practice_group_id", { mode: "number" }).notNull().unique(),
  practiceName: text("practice_name").notNull(),
  /** Postal address for the e-mail footer (the practice's, from drchrono offices; not patient data). */
  practiceAddress: text("practice_address"),
  /** The practice's phone for patients ("Contact the practice"), from drchrono's office phone; not patient data. */
  practicePhone: text("practice_phone"),
  activation: activationStatus("activation").notNull().default("not_requested"),
  paused: boolean("paused").notNull().default(false),
  authStatus: authStatus("auth_status").notNull().default("ok"),
  grantedScopes: text("granted_scopes").array().notNull().default(sql`'{}'::text[]`),
  timeZone: text("time_zone").notNull().default("UTC"),
  channelMode: channelMode("channel_mode").notNull().default("email"),
  smsConsentAttestedBy: text("sms_consent_attested_by"),
  smsConsentAttestedAt: timestamp("sms_consent_attested_at", { withTimezone: true }),
  greetResponsibleParty: boolean("greet_responsible_party").notNull().default(false),
  contactName: text("contact_name"),
  contactEmail: text("contact_email"),
  contactPhone: text("contact_phone"),
  activationRequestedAt: timestamp("activation_requested_at", { withTimezone: true }),
  activationRequestedBy: text("activation_requested_by"),
  activatedAt: timestamp("activated_at", { withTimezone: true }),
  activatedBy: text("activated_by"),
  activationNote: text("activation_note"),
  lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
  lastFullSyncAt: timestamp("last_full_sync_at", { withTimezone: true }),
  /** Dispatch lease: a run owns the account until lease_until. */
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  /** The hour (local, 8..20) greetings go out; null: the first run inside the sending window. */
  sendHour: smallint("send_hour"),
  /** Who signs the greeting: each patient's primary doctor (their sign-off), or the practice. */
  signOff: text("sign_off").$type<"doctor" | "practice">().notNull().default("doctor"),
  /** Sender health: e-mail greetings paused (bounce or complaint rate over threshold) until support reviews. */
  emailPausedAt: timestamp("email_paused_at", { withTimezone: true }),
  emailPausedReason: text("email_paused_reason"),
  /** A first full listing in progress: drchrono's opaque `next` URL to resume from, and when it started. */
  fullSyncCursor: text("full_sync_cursor"),
  fullSyncStartedAt: timestamp("full_sync_started_at", { withTimezone: true }),
  /** The account-local date the doctors list was last read (it is read once a day). */
  doctorsFetchedOn: text("doctors_fetched_on"),
  /** The account-local date whose dispatch completed (later runs that day only look for changes). */
  dispatchedOn: text("dispatched_on"),
  /**
   * The greeting settings (channel mode, SMS consent, responsible party, zone) today's remembered outcomes were
   * decided under, as a short plain key; when the settings change, those outcomes are decided again.
   */
  outcomeSettingsKey: text("outcome_settings_key"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Someone who signed in with drchrono, and their role there. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    drchronoUserId: bigint("drchrono_user_id", { mode: "number" }).notNull().unique(),
    username: text("username").notNull(),
    role: userRole("role").notNull(),
    /** For a doctor their own id; for staff their primary physician. */
    drchronoDoctorId: bigint("drchrono_doctor_id", { mode: "number" }),
    displayName: text("display_name"),
    email: text("email"),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }).notNull().defaultNow(),
    /** Bumped to end every session of this user (sign-out, deactivation, a grant that stopped working). */
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("users_account_idx").on(t.accountId)],
);

/** drchrono tokens, AES-256-GCM encrypted; one working grant per account. */
export const drchronoTokens = pgTable("drchrono_tokens", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  grantedByUserId: uuid("granted_by_user_id").references(() => users.id, { onDelete: "set null" }),
  keyId: text("key_id").notNull(),
  accessToken: text("access_token").notNull(),
  refreshToken: text("refresh_token").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: updatedAt(),
});

export const optOuts = pgTable(
  "opt_outs",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    patientId: patientId(),
    source: optOutSource("source").notNull(),
    /** Who: a user id for staff, "patient" for unsubscribe/STOP. */
    actor: text("actor").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.patientId, t.source] })],
);

/** Just enough to find tomorrow's birthdays without listing every patient: no names, contacts or years. */
export const patientIndex = pgTable(
  "patient_index",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    patientId: patientId(),
    doctorId: bigint("doctor_id", { mode: "number" }),
    birthMonth: smallint("birth_month"),
    birthDay: smallint("birth_day"),
    /** A skip reason already known from the record (e.g. invalid birth date). Details are computed live, never stored. */
    skipReason: text("skip_reason"),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Today's decision for the patient, so a later run the same day costs no call: the account-local date, the
     * outcome and a skip reason code. No contact data. Outcomes (written by lib/dispatch/account-run.ts):
     *   "greeted"   every greeting due today went out (or had already gone out); outcome_reason null
     *   "skipped"   not greeted; outcome_reason is the SkipReason code (no_contact, responsible_party, ...)
     *   "opted_out" not greeted because of an opt-out; outcome_reason is "opted_out", "unsubscribed" or "sms_stopped"
     *   "waiting"   a send failed and waits for its retry; outcome_reason null
     *   "failed"    a send failed for good (or its fate is unknown); outcome_reason null
     * Cleared when a since-listing or a verified webhook says the chart changed (any upsert of the row).
     */
    outcomeDate: text("outcome_date"),
    outcome: text("outcome"),
    outcomeReason: text("outcome_reason"),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.patientId] }),
    index("patient_index_birthday_idx").on(t.accountId, t.birthMonth, t.birthDay),
  ],
);

/** One row per greeting (account, patient, birthday year, channel), written before the provider is called. */
export const sendLog = pgTable(
  "send_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    patientId: patientId(),
    birthdayYear: integer("birthday_year").notNull(),
    channel: channel("channel").notNull(),
    status: sendStatus("status").notNull().default("pending"),
    /** The account-local date the greeting belongs to. */
    localDate: text("local_date").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    providerId: text("provider_id"),
    error: text("error"),
    runId: uuid("run_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** What the provider last said: queued, sent, delivered, delayed, bounced, complained, undelivered, failed. */
    deliveryStatus: text("delivery_status"),
    deliveryStatusAt: timestamp("delivery_status_at", { withTimezone: true }),
    /** The provider's error code (Twilio 30003, a Resend bounce type), never message content. */
    deliveryErrorCode: text("delivery_error_code"),
    /** Keyed hash (HMAC, server secret) of the address or number used: suppression and STOP matching, no contact. */
    contactHash: text("contact_hash"),
  },
  (t) => [
    uniqueIndex("send_log_once_idx").on(t.accountId, t.patientId, t.birthdayYear, t.channel),
    index("send_log_account_date_idx").on(t.accountId, t.localDate),
    index("send_log_provider_idx").on(t.providerId),
    index("send_log_contact_idx").on(t.contactHash),
  ],
);

/** What one dispatch did for one account. */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    trigger: text("trigger").notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    localDate: text("local_date").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    greeted: integer("greeted").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    deferred: integer("deferred").notNull().default(0),
    /** Skip counts by reason. */
    skipped: jsonb("skipped").$type<Record<string, number>>().notNull().default({}),
    drchronoCalls: integer("drchrono_calls").notNull().default(0),
    error: text("error"),
  },
  (t) => [index("runs_account_idx").on(t.accountId, t.startedAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    /** "user:<uuid>", "admin:<email>", "patient" or "system". */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_account_idx").on(t.accountId, t.createdAt)],
);

/** Single-use magic links for support staff; only a hash of the token is stored. */
export const adminLoginTokens = pgTable("admin_login_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  email: text("email").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/** The practice's doctors (practice data, not patient data), read from drchrono once a day, and their sign-off. */
export const doctors = pgTable(
  "doctors",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    doctorId: bigint("doctor_id", { mode: "number" }).notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    suffix: text("suffix").notNull().default(""),
    /** How the doctor signs, e.g. "Dr. Raman" or "Dra. Raman"; null: our default from the name. */
    signOff: text("sign_off"),
    signOffEs: text("sign_off_es"),
    suspended: boolean("suspended").notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.doctorId] })],
);

/** The practice's own wording of the greeting, per language ("en", "es"); absent: our default. */
export const greetingTemplates = pgTable(
  "greeting_templates",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    body: text("body").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.language] })],
);

/** A drchrono webhook is only a hint: the patient is read again from drchrono before the index changes. */
export const webhookHints = pgTable(
  "webhook_hints",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    patientId: patientId(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.patientId] })],
);

/** Delivery events from Resend and Twilio, idempotent by id; kept until applied (they can arrive before our row). */
export const providerEvents = pgTable(
  "provider_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    /** The provider's message id (Resend e-mail id, Twilio sid). */
    messageId: text("message_id").notNull(),
    status: text("status").notNull(),
    errorCode: text("error_code"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.eventId] }),
    index("provider_events_message_idx").on(t.messageId),
  ],
);

/** A channel that must not be used for a patient while the chart holds the same address or number (hash only). */
export const deliverySuppressions = pgTable(
  "delivery_suppressions",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    patientId: patientId(),
    channel: channel("channel").notNull(),
    contactHash: text("contact_hash").notNull(),
    /** "email_bounced" or "sms_undeliverable". */
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.patientId, t.channel, t.contactHash] })],
);

/** drchrono's hourly call limit, shared by every process: one row per scope ("app" by default). */
export const drchronoCallBudget = pgTable("drchrono_call_budget", {
  scope: text("scope").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  used: integer("used").notNull().default(0),
  /** After a 429: every process waits until drchrono's named time. */
  pausedUntil: timestamp("paused_until", { withTimezone: true }),
});

/** Support sessions, server-side so that sign-out and expiry end them for real; only a hash of the id is kept. */
export const adminSessions = pgTable("admin_sessions", {
  idHash: text("id_hash").primaryKey(),
  email: text("email").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/** Sandbox mode only: the outbox, so a demo survives a restart. Payloads are encrypted (they hold contacts). */
export const sandboxOutbox = pgTable("sandbox_outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: text("kind").notNull(),
  payload: text("payload").notNull(),
  createdAt: createdAt(),
});

export type Account = typeof accounts.$inferSelect;
export type User = typeof users.$inferSelect;
export type SendLogRow = typeof sendLog.$inferSelect;
export type Run = typeof runs.$inferSelect;
