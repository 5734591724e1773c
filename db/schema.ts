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
  },
  (t) => [
    uniqueIndex("send_log_once_idx").on(t.accountId, t.patientId, t.birthdayYear, t.channel),
    index("send_log_account_date_idx").on(t.accountId, t.localDate),
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

export type Account = typeof accounts.$inferSelect;
export type User = typeof users.$inferSelect;
export type SendLogRow = typeof sendLog.$inferSelect;
export type Run = typeof runs.$inferSelect;
