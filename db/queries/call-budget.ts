import { sql } from "drizzle-orm";
import { type Database, selectRows } from "@/db/client";

/*
 * The drchrono call budget shared by every process (table drchrono_call_budget, one row per scope). Not per
 * account: drchrono's limit belongs to the API application, so the scope (not an account id) comes first.
 * Each statement is a single atomic INSERT ... ON CONFLICT DO UPDATE: concurrent takers serialize on the row and
 * the WHERE clause sees the latest count, so no two processes can spend the same last call.
 */

export interface BudgetTakeInput {
  /** Start of the clock hour `now` falls in. */
  windowStart: Date;
  now: Date;
  /** Calls allowed in one window. */
  limit: number;
  /** Calls that must stay unspent after this one (dispatch's share, for dashboard look-ups); 0 for dispatch. */
  reserve: number;
}

export interface BudgetRow {
  windowStart: Date;
  used: number;
  pausedUntil: Date | null;
}

/** Takes one call when the window has room (beyond `reserve`) and no pause is in force; null when refused. */
export async function takeBudgetCall(
  db: Database,
  scope: string,
  input: BudgetTakeInput,
): Promise<BudgetRow | null> {
  const { windowStart, now, limit, reserve } = input;
  // A fresh window starts at 1; the INSERT path cannot check the reserve, so a reserve that leaves no room at all
  // is refused before asking.
  if (reserve + 1 > limit) return null;
  const rows = await selectRows<{
    window_start: string | Date;
    used: number;
    paused_until: string | Date | null;
  }>(
    db,
    sql`
      insert into drchrono_call_budget as b (scope, window_start, used, paused_until)
      values (${scope}, ${windowStart.toISOString()}, 1, null)
      on conflict (scope) do update set
        used = case when b.window_start < excluded.window_start then 1 else b.used + 1 end,
        window_start = greatest(b.window_start, excluded.window_start)
      where (b.paused_until is null or b.paused_until <= ${now.toISOString()})
        and (b.window_start < excluded.window_start or b.used + 1 + ${reserve} <= ${limit})
      returning window_start, used, paused_until`,
  );
  const row = rows[0];
  return row ? toBudgetRow(row) : null;
}

/** After drchrono's 429: every process waits until `until` (a later pause wins over an earlier one). */
export async function pauseBudget(
  db: Database,
  scope: string,
  windowStart: Date,
  until: Date,
): Promise<void> {
  await db.execute(sql`
    insert into drchrono_call_budget as b (scope, window_start, used, paused_until)
    values (${scope}, ${windowStart.toISOString()}, 0, ${until.toISOString()})
    on conflict (scope) do update set
      paused_until = greatest(coalesce(b.paused_until, excluded.paused_until), excluded.paused_until)`);
}

export async function readBudget(db: Database, scope: string): Promise<BudgetRow | null> {
  const rows = await selectRows<{
    window_start: string | Date;
    used: number;
    paused_until: string | Date | null;
  }>(db, sql`select window_start, used, paused_until from drchrono_call_budget where scope = ${scope}`);
  const row = rows[0];
  return row ? toBudgetRow(row) : null;
}

function toBudgetRow(row: {
  window_start: string | Date;
  used: number;
  paused_until: string | Date | null;
}): BudgetRow {
  return {
    windowStart: new Date(row.window_start),
    used: Number(row.used),
    pausedUntil: row.paused_until === null ? null : new Date(row.paused_until),
  };
}

/**
 * How many calls the day's greetings may still need, for every practice sharing the budget (so not per account:
 * the budget is the application's). A deliberately simple estimate: one single-patient fetch per patient whose
 * birthday is `today` and who has no decision for `today` yet, plus one listing call per active practice not yet
 * dispatched today. `today` is one date for all practices (the caller passes the UTC date); a practice whose
 * local date differs is off by a day's birthdays at most, which the budget's margin and the next hour absorb.
 * Patients born on Feb 29 count on Feb 28 in years without one, as the greetings do.
 */
export async function greetingCallsStillDue(db: Database, today: string): Promise<number> {
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const feb29Too = !leap && month === 2 && day === 28;
  const rows = await selectRows<{ patients: number; practices: number }>(
    db,
    sql`
      select
        (select count(*)::int from patient_index p join accounts a on a.id = p.account_id
          where a.activation = 'active' and a.auth_status = 'ok'
            and ((p.birth_month = ${month} and p.birth_day = ${day})
              or (${feb29Too} and p.birth_month = 2 and p.birth_day = 29))
            and p.outcome_date is distinct from ${today}) as patients,
        (select count(*)::int from accounts a
          where a.activation = 'active' and a.auth_status = 'ok'
            and a.dispatched_on is distinct from ${today}) as practices`,
  );
  const row = rows[0];
  return (row?.patients ?? 0) + (row?.practices ?? 0);
}
