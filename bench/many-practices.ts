/*
 * Many practices under one application-wide drchrono limit (issue 9, section 5), on a simulated clock.
 *
 * N accounts are dispatched by our real hourly code (runDispatch with trigger "cron": tiers, sending windows,
 * resumable listings, the day's memory) through real drchrono clients that all take from one PostgresCallBudget
 * (drchrono's 500 an hour less our margin), against the emulator and the fake providers in this process. Time is
 * simulated: every top of the hour is one cron run, each drchrono call moves the shared clock by the latency, and
 * a wait for the budget moves it instead of sleeping. So several days run in minutes.
 *
 * To scale, every account reads the same generated patient set (its token belongs to the sandbox's practice A):
 * each account still keeps its own index, send log and outcomes, so the work and the calls are each account's.
 * The practices are spread round-robin over four US time zones.
 *
 * What it reports: per local date, how many hourly runs the day's dispatches needed, the calls per practice, the
 * greetings sent inside and outside each practice's window and the greetings missed (the core's expected
 * greetings, computed from the emulator's data, less those sent inside the window that day).
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { type PatientIndexRow, upsertIndexRows } from "@/db/queries/patient-index";
import { accounts, sendLog, users } from "@/db/schema";
import { runDispatch } from "@/lib/dispatch/run";
import { indexRowFor } from "@/lib/dispatch/sync";
import type { AccountRunReport } from "@/lib/dispatch/types";
import { budgetWithMargin, DRCHRONO_HOURLY_LIMIT, PostgresCallBudget } from "@/lib/drchrono/budget";
import { parsePatient } from "@/lib/drchrono/records";
import { birthdaysOn, classifyRecord, decide, isWithinSendingHours, localDateTime } from "@/lib/greetings";
import type { GreetingSettings, IsoDate } from "@/lib/greetings/types";
import { saveGrant } from "@/lib/vault/tokens";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Four zones of the Americas, so that every local day's window (08:00–21:00) lies inside the simulated span. */
export const ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
] as const;
/** Midnight UTC: the evening before in every zone above. */
const START = new Date("2026-03-10T00:00:00Z");
/** Los Angeles' 21:00 (PDT) is 04:00 UTC the next day: a few hours more close the last local day's window. */
const TAIL_HOURS = 6;

export interface ManyPracticesOptions {
  practices: number;
  patients: number;
  /** Local days to measure (the first is the practices' first day: full listings). */
  days: number;
  /** drchrono's hourly limit for the application; our budget keeps its margin below it. */
  hourlyLimit?: number;
  /** Simulated drchrono latency per call. */
  latencyMs?: number;
  /**
   * "onboarding": every practice starts with an empty index, so day 1 holds every first full listing.
   * "steady": every practice was onboarded before, its index as a full listing left it; the weekly full listings
   * fall due on staggered days (a seventh of the practices each day), as they would a week after onboarding.
   */
  start?: "onboarding" | "steady";
  /** Run on the Postgres server at TEST_DATABASE_URL instead of an in-memory PGlite (big scenarios). */
  driver?: "pglite" | "postgres";
  /** Progress lines (stderr in the bench). */
  log?: (line: string) => void;
}

export interface DayFigures {
  localDate: IsoDate;
  /** Hourly runs from the first practice's dispatch to the last one's, for this local date. */
  hoursNeeded: number;
  /** Practices whose dispatch for this date never finished inside their window. */
  practicesNotDispatched: number;
  /** drchrono calls per practice up to and including its dispatch (listing, doctors, fetches). */
  callsPerPractice: { mean: number; max: number };
  /** Calls per practice after its dispatch: the hourly since-listings of revisits, made from what is left. */
  revisitCallsPerPractice: number;
  expectedGreetings: number;
  sentInsideWindow: number;
  sentOutsideWindow: number;
  missed: number;
}

export interface ManyPracticesResult {
  practices: number;
  patients: number;
  start: "onboarding" | "steady";
  hourlyLimit: number;
  budgetPerHour: number;
  latencyMs: number;
  simulatedHours: number;
  /** The most calls drchrono saw in any one simulated hour (token refreshes included). */
  peakCallsInAnHour: number;
  days: DayFigures[];
  wallMs: number;
}

export async function runManyPractices(options: ManyPracticesOptions): Promise<ManyPracticesResult> {
  const started = performance.now();
  const hourlyLimit = options.hourlyLimit ?? DRCHRONO_HOURLY_LIMIT;
  const latencyMs = options.latencyMs ?? 200;
  const log = options.log ?? (() => {});
  const start = options.start ?? "onboarding";
  const world = await createDispatchWorld({
    now: START,
    patients: options.patients,
    rateLimitPerHour: null,
    driver: options.driver,
  });
  try {
    const accountZones = await addSharedPractices(world, options.practices);
    if (start === "steady") {
      const seedStarted = performance.now();
      await seedSteadyState(world, [...accountZones.keys()]);
      log(`  steady state seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`);
    }
    const budget = new PostgresCallBudget(world.db, {
      limitPerHour: budgetWithMargin(hourlyLimit),
      now: world.now,
    });
    const simulatedFetch: typeof fetch = (input, init) => {
      world.advance(latencyMs);
      return fetch(input, init);
    };
    const deps = world.deps(
      {},
      {
        budget,
        fetch: simulatedFetch,
        sleep: async (ms) => {
          world.advance(ms);
        },
      },
    );

    const reportsByHour: AccountRunReport[][] = [];
    let peakCallsInAnHour = 0;
    const hours = options.days * 24 + TAIL_HOURS;
    // Yesterday was dispatched already in the steady state: start once its last window (Los Angeles') closed.
    const firstHour = start === "steady" ? STEADY_FIRST_HOUR : 0;
    for (let hour = firstHour; hour < hours; hour++) {
      const now = new Date(START.getTime() + hour * HOUR_MS);
      world.setNow(now);
      world.emulator.calls.reset();
      const report = await runDispatch(deps, { now, trigger: "cron" });
      reportsByHour.push(report.accounts);
      peakCallsInAnHour = Math.max(peakCallsInAnHour, world.emulator.calls.total);
      if (hour % 6 === 5)
        log(
          `  hour ${hour + 1}/${hours}: ${world.emulator.calls.total} calls, ${report.totals.greeted} sent`,
        );
    }

    const days: DayFigures[] = [];
    for (let day = 0; day < options.days; day++) {
      const localDate = new Date(START.getTime() + day * DAY_MS).toISOString().slice(0, 10);
      days.push(await dayFigures(world, localDate, accountZones, reportsByHour));
    }
    return {
      practices: options.practices,
      patients: options.patients,
      start,
      hourlyLimit,
      budgetPerHour: budget.limitPerHour,
      latencyMs,
      simulatedHours: hours - firstHour,
      peakCallsInAnHour,
      days,
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    await world.close();
  }
}

/**
 * N active accounts, each with its own practice group and user row, all holding a grant of practice A's doctor:
 * one generated patient set, read by every account through its own token.
 */
async function addSharedPractices(world: DispatchWorld, count: number): Promise<Map<string, string>> {
  const doctor = world.emulator.users.find(
    (u) => u.practiceGroup === world.emulator.practiceGroups.a && u.role === "doctor",
  );
  if (!doctor) throw new Error("no sandbox doctor in practice A");
  const scopes = ["user:read", "patients:read"];
  const zones = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const timeZone = ZONES[i % ZONES.length] as string;
    const [account] = await world.db
      .insert(accounts)
      .values({
        // Fixed ids: accounts are claimed in id order, so random ones would change who gets a starved hour's call.
        id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        practiceGroupId: 900_000 + i,
        practiceName: `Practice ${i + 1}`,
        practiceAddress: `${i + 1} Main Street, Springfield, IL 62701`,
        activation: "active",
        grantedScopes: scopes,
        timeZone,
        channelMode: "email",
      })
      .returning();
    if (!account) throw new Error("account insert returned nothing");
    const [user] = await world.db
      .insert(users)
      .values({
        accountId: account.id,
        drchronoUserId: 9_000_000 + i,
        username: `doctor${i + 1}`,
        role: "doctor",
        drchronoDoctorId: doctor.doctor,
      })
      .returning();
    const tokens = world.emulator.issueTokens(doctor.id, scopes);
    await saveGrant(world.db, {
      accountId: account.id,
      grantedByUserId: user?.id ?? null,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: new Date(world.now().getTime() + tokens.expires_in * 1000),
      scopes,
    });
    zones.set(account.id, timeZone);
  }
  return zones;
}

/** 04:00 UTC: 21:00 in Los Angeles, so every zone's window of the day before START has closed. */
const STEADY_FIRST_HOUR = 4;
/** 20:00 in Los Angeles the day before: yesterday's last since-listing (the last revisit inside its window). */
const YESTERDAYS_LAST_LISTING = new Date(START.getTime() + 3 * HOUR_MS);

/**
 * Every practice as it stands a while after onboarding: the index a full listing leaves (built by our own
 * indexRowFor from the emulator's records, copied per account in SQL rather than listed a thousand times),
 * yesterday dispatched, and the weekly full listing last done 1 to 7 days ago, so that a seventh of the
 * practices list everything again on each simulated day.
 */
async function seedSteadyState(world: DispatchWorld, accountIds: readonly string[]): Promise<void> {
  const [template, ...others] = accountIds;
  if (!template) return;
  const yesterday = localDateTime(YESTERDAYS_LAST_LISTING, "America/Los_Angeles").date;
  const rows: PatientIndexRow[] = [];
  for (const { patient } of world.emulator.describePatients(world.emulator.practiceGroups.a)) {
    const parsed = parsePatient(patient);
    if (parsed.ok) rows.push(indexRowFor(parsed.patient, yesterday));
  }
  await upsertIndexRows(world.db, template, rows, YESTERDAYS_LAST_LISTING);
  // In slices, so that one statement never holds millions of rows in PGlite's memory at once.
  for (let i = 0; i < others.length; i += 50) {
    const slice = others.slice(i, i + 50);
    await world.db.execute(sql`
      INSERT INTO patient_index (account_id, patient_id, doctor_id, birth_month, birth_day, skip_reason, seen_at)
      SELECT a.id, p.patient_id, p.doctor_id, p.birth_month, p.birth_day, p.skip_reason, p.seen_at
      FROM accounts a CROSS JOIN patient_index p
      WHERE p.account_id = ${template} AND a.id IN (${sql.join(
        slice.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
  }
  for (const [i, id] of accountIds.entries()) {
    // Account i's weekly listing falls due on simulated day (i mod 7) + 1.
    const lastFull = new Date(START.getTime() - (7 - (i % 7)) * DAY_MS + HOUR_MS);
    await world.db
      .update(accounts)
      .set({ lastFullSyncAt: lastFull, lastSyncAt: YESTERDAYS_LAST_LISTING, dispatchedOn: yesterday })
      .where(eq(accounts.id, id));
  }
}

/** The greetings the core expects on a date for one practice (every account reads the same patients). */
export function expectedGreetingsOn(world: DispatchWorld, localDate: IsoDate): number {
  const settings: GreetingSettings = {
    timeZone: "UTC",
    channelMode: "email",
    smsConsent: false,
    greetResponsibleParty: false,
    emailPaused: false,
  };
  const todays = birthdaysOn(localDate);
  let expected = 0;
  for (const { patient } of world.emulator.describePatients(world.emulator.practiceGroups.a)) {
    const parsed = parsePatient(patient);
    if (!parsed.ok) continue;
    const birth = classifyRecord(parsed.patient, localDate).birth;
    if (!todays.some((d) => d.month === birth?.month && d.day === birth?.day)) continue;
    const decision = decide(parsed.patient, {
      today: localDate,
      settings,
      optOuts: { staff: false, emailUnsubscribed: false, smsStopped: false },
    });
    if (decision.kind === "greet") expected += 1;
  }
  return expected;
}

async function dayFigures(
  world: DispatchWorld,
  localDate: IsoDate,
  accountZones: ReadonlyMap<string, string>,
  reportsByHour: readonly AccountRunReport[][],
): Promise<DayFigures> {
  // The first run that finished an account's day is its dispatch; later ones are revisits.
  const dispatchedAt = new Map<string, number>();
  const calls = new Map<string, number>([...accountZones.keys()].map((id) => [id, 0]));
  let revisitCalls = 0;
  reportsByHour.forEach((reports, hour) => {
    for (const r of reports) {
      if (r.localDate !== localDate) continue;
      if (dispatchedAt.has(r.accountId)) {
        revisitCalls += r.drchronoCalls;
        continue;
      }
      calls.set(r.accountId, (calls.get(r.accountId) ?? 0) + r.drchronoCalls);
      if (r.status === "done") dispatchedAt.set(r.accountId, hour);
    }
  });
  const hoursOfDispatch = [...dispatchedAt.values()];
  const hoursNeeded =
    hoursOfDispatch.length === 0 ? 0 : Math.max(...hoursOfDispatch) - Math.min(...hoursOfDispatch) + 1;

  const sends = await world.db
    .select({ accountId: sendLog.accountId, sentAt: sendLog.sentAt })
    .from(sendLog)
    .where(and(eq(sendLog.localDate, localDate), eq(sendLog.status, "sent"), isNotNull(sendLog.sentAt)));
  const insideByAccount = new Map<string, number>();
  let outside = 0;
  for (const send of sends) {
    const zone = accountZones.get(send.accountId) ?? "UTC";
    const sentAt = send.sentAt as Date;
    if (localDateTime(sentAt, zone).date === localDate && isWithinSendingHours(sentAt, zone)) {
      insideByAccount.set(send.accountId, (insideByAccount.get(send.accountId) ?? 0) + 1);
    } else outside += 1;
  }
  const expected = expectedGreetingsOn(world, localDate);
  let missed = 0;
  for (const id of accountZones.keys()) missed += Math.max(0, expected - (insideByAccount.get(id) ?? 0));
  const perPractice = [...calls.values()];
  return {
    localDate,
    hoursNeeded,
    practicesNotDispatched: accountZones.size - dispatchedAt.size,
    callsPerPractice: {
      mean: Math.round((perPractice.reduce((a, b) => a + b, 0) / Math.max(1, perPractice.length)) * 10) / 10,
      max: Math.max(0, ...perPractice),
    },
    revisitCallsPerPractice: Math.round((revisitCalls / Math.max(1, accountZones.size)) * 10) / 10,
    expectedGreetings: expected * accountZones.size,
    sentInsideWindow: [...insideByAccount.values()].reduce((a, b) => a + b, 0),
    sentOutsideWindow: outside,
    missed,
  };
}

export interface Capacity {
  patients: number;
  /** A first full listing (and the weekly one): pages of 250, read at any hour. */
  listingCalls: number;
  /** A later day's dispatch: one since-listing, the doctors list, one fetch per birthday. */
  dailyCalls: number;
  /** Practices of this size one application limit serves (see capacityFor). */
  practices: number;
}

/** Local hours in which a practice's greetings may go out (08:00–21:00). */
export const WINDOW_HOURS = 13;

/**
 * How many practices of one size a budget serves, all in one time zone (the worst case): every practice's daily
 * dispatch must fit in the window's hours, and the day's dispatches plus a seventh of the weekly full listings in
 * the 24 hours. Zones spread over the continent widen the window's share.
 */
export function capacityFor(budgetPerHour: number, listingCalls: number, dailyCalls: number): number {
  const inWindow = Math.floor((budgetPerHour * WINDOW_HOURS) / dailyCalls);
  const inDay = Math.floor((budgetPerHour * 24) / (dailyCalls + listingCalls / 7));
  return Math.min(inWindow, inDay);
}

/** One practice of each size, measured by a real first and second day of dispatch (no limit, no latency). */
export async function measureCapacity(sizes: readonly number[], budgetPerHour: number): Promise<Capacity[]> {
  const result: Capacity[] = [];
  for (const patients of sizes) {
    const firstNoonNy = new Date("2026-03-10T16:00:00Z");
    const world = await createDispatchWorld({ now: firstNoonNy, patients, rateLimitPerHour: null });
    try {
      await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
      await runDispatch(world.deps(), { now: world.now(), trigger: "cli" });
      const listingCalls = world.emulator.calls.byRoute["GET /api/patients"] ?? 0;
      world.emulator.calls.reset();
      await runDispatch(world.deps(), { now: world.advance(DAY_MS), trigger: "cli" });
      const dailyCalls = world.emulator.calls.total;
      result.push({
        patients,
        listingCalls,
        dailyCalls,
        practices: capacityFor(budgetPerHour, listingCalls, dailyCalls),
      });
    } finally {
      await world.close();
    }
  }
  return result;
}
