/*
 * `npm run dispatch -- [--dry-run] [--date YYYY-MM-DD] [--account <uuid>] [--json]`
 *
 * The daily run for self-hosting (a system cron) and for support. Same code as the cron route. In sandbox mode
 * it talks to the app's own emulator and fake providers when the dev server is up; otherwise it starts them in
 * this process and says where the messages went.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { DatabaseLockedError, openDatabase } from "@/db/client";
import { practiceNamesById } from "@/db/queries/admin";
import { now } from "@/lib/clock";
import { createDispatchDeps } from "@/lib/dispatch/deps";
import { formatReportTable } from "@/lib/dispatch/report-table";
import { runDispatch } from "@/lib/dispatch/run";
import type { DispatchReport, ProgressEvent } from "@/lib/dispatch/types";
import { type Config, getConfig } from "@/lib/env";
import { isIsoDate } from "@/lib/greetings/dates";

const USAGE = `Usage: npm run dispatch -- [--dry-run] [--date YYYY-MM-DD] [--account <uuid>]... [--json]

  --dry-run          decide and report who would be greeted or skipped; send nothing, write no send log
  --date YYYY-MM-DD  run as if it were that date (12:00 in each account's time zone)
  --account <uuid>   only this account (repeatable)
  --json             print the full report as JSON on stdout`;

const argsSchema = z.object({
  "dry-run": z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
  date: z.string().refine(isIsoDate, "must be a real calendar date written YYYY-MM-DD").optional(),
  account: z.array(z.uuid("must be an account id (a UUID)")).optional(),
});

function parseCli(argv: string[]) {
  let raw: ReturnType<typeof parseArgs>["values"];
  try {
    raw = parseArgs({
      args: argv,
      options: {
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        date: { type: "string" },
        account: { type: "string", multiple: true },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${String(i.path[0])}: ${i.message}`).join("\n");
    fail(`Invalid arguments:\n${problems}\n\n${USAGE}`);
  }
  return parsed.data;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** True when something answers HTTP at `url` (the dev server's sandbox mounts). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

interface SandboxWiring {
  config: Config;
  describe(): string;
  close(): Promise<void>;
}

/**
 * Sandbox mode without a running app: start the emulator (same seed, so the app's tokens are accepted) and the
 * fake providers here, and point the run at them.
 */
async function sandboxWiring(config: Config): Promise<SandboxWiring> {
  const nothing: SandboxWiring = { config, describe: () => "", close: async () => {} };
  if (!config.sandbox.any) return nothing;
  const drchronoUp = !config.drchrono.sandbox || (await answers(`${config.drchrono.baseUrl}/api/doctors`));
  const emailUp = !config.email.sandbox || (await answers(config.email.baseUrl ?? ""));
  const smsUp = !config.sms.sandbox || (await answers(config.sms.baseUrl ?? ""));
  if (drchronoUp && emailUp && smsUp) {
    return {
      ...nothing,
      describe: () => `Messages went to the app's sandbox outbox: ${config.appUrl}/sandbox/outbox`,
    };
  }
  const { createDrchronoEmulator, startEmulatorServer } = await import("@/sandbox/drchrono");
  const { startFakeProvidersServer } = await import("@/sandbox/providers/server");
  const emulatorServer = drchronoUp
    ? null
    : await startEmulatorServer(
        createDrchronoEmulator({ seed: config.sandbox.seed, patients: config.sandbox.patients, now }),
      );
  const fakes = await startFakeProvidersServer({ now });
  const wired: Config = {
    ...config,
    drchrono: emulatorServer ? { ...config.drchrono, baseUrl: emulatorServer.url } : config.drchrono,
    email: config.email.sandbox ? { ...config.email, baseUrl: fakes.resendUrl } : config.email,
    sms: config.sms.sandbox ? { ...config.sms, baseUrl: fakes.twilioUrl } : config.sms,
  };
  return {
    config: wired,
    describe: () => {
      const emails = fakes.outbox.list({ channel: "email" }).length;
      const texts = fakes.outbox.list({ channel: "sms" }).length;
      return (
        `The app was not running, so this run used an in-process drchrono emulator and fake providers.\n` +
        `Messages went to an in-process outbox (gone when this command exits): ${emails} e-mail(s), ${texts} text(s).`
      );
    },
    close: async () => {
      await fakes.close();
      await emulatorServer?.close();
    },
  };
}

function progressPrinter(names: ReadonlyMap<string, string>): ((event: ProgressEvent) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (event) => {
    const line =
      event.kind === "account_started"
        ? `${names.get(event.accountId) ?? "practice"} (account ${event.accountId}): local date ${event.localDate}`
        : event.kind === "synced"
          ? `  index ${event.sync.kind} sync: ${event.sync.listed} listed, ${event.sync.malformed} malformed, ${event.sync.removed} removed`
          : event.kind === "candidates"
            ? `  ${event.count} birthday candidate(s) to check`
            : event.kind === "patient_done"
              ? `\r  checked ${event.done}/${event.of}`
              : `\n  ${event.report.status}: greeted ${event.report.greeted}, failed ${event.report.failed}, deferred ${event.report.deferred}`;
    process.stderr.write(event.kind === "patient_done" ? line : `${line}\n`);
  };
}

async function main() {
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    console.info(USAGE);
    return;
  }
  // Greetings go out on the day, never early: a future date is for looking ahead with --dry-run only.
  // (One day of slack: some time zones are already a day ahead of UTC.)
  const latestRealDate = new Date(now().getTime() + 24 * 3_600_000).toISOString().slice(0, 10);
  if (args.date && args.date > latestRealDate && !args["dry-run"]) {
    fail(
      `--date ${args.date} is in the future: greetings are never sent early. Add --dry-run to preview that day.`,
    );
  }
  const baseConfig = getConfig();
  let handle: ReturnType<typeof openDatabase>;
  try {
    handle = openDatabase(baseConfig.database);
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      fail(
        `${error.message}\n\nThe dev server holds the embedded database. Stop it and run this again, or ask the ` +
          `running app to dispatch:\n  curl -H "Authorization: Bearer $CRON_SECRET" ${baseConfig.appUrl}/api/cron/dispatch`,
      );
    }
    throw error;
  }
  if (handle.kind === "pglite") await handle.migrate();
  const sandbox = await sandboxWiring(baseConfig);
  let report: DispatchReport;
  let names: Map<string, string>;
  try {
    names = await practiceNamesById(handle.db, args.account);
    // Logs go to stderr: stdout carries only the table or the JSON.
    const log = (line: string) => void process.stderr.write(`[dispatch] ${line}\n`);
    report = await runDispatch(createDispatchDeps(sandbox.config, handle.db, { log }), {
      now: now(),
      date: args.date,
      accountIds: args.account,
      dryRun: args["dry-run"],
      trigger: "cli",
      onProgress: progressPrinter(names),
    });
  } finally {
    await handle.close();
  }
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatReportTable(report, names)}\n`);
  const where = sandbox.describe();
  if (where) console.error(where);
  await sandbox.close();
  if (report.accounts.some((a) => a.status === "error")) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
