// After `stryker run`: the mutation score of every mutated file against its threshold; exits 1 below any.
import { readFileSync } from "node:fs";

const REPORT = "reports/mutation/mutation.json";
/** Most specific first: the core and the record parser must be pinned tighter than the dispatch plumbing. */
const THRESHOLDS = [
  { prefix: "lib/greetings/", min: 95 },
  { prefix: "lib/drchrono/records.ts", min: 95 },
  { prefix: "lib/dispatch/", min: 90 },
];
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

const report = JSON.parse(readFileSync(REPORT, "utf8"));
const rows = Object.entries(report.files).map(([file, { mutants }]) => {
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status));
  const valid = detected + undetected.length;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  const min = THRESHOLDS.find((t) => file.startsWith(t.prefix))?.min ?? 0;
  return { file, score, min, valid, survivors: undetected };
});

let failed = false;
for (const row of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  const ok = row.score >= row.min;
  failed ||= !ok;
  console.info(
    `${ok ? "ok  " : "FAIL"} ${row.file.padEnd(34)} ${row.score.toFixed(1).padStart(5)}%  (min ${row.min}%, ${row.valid} mutants)`,
  );
  if (!ok) {
    for (const m of row.survivors) {
      console.info(
        `       ${m.status} ${m.mutatorName} at line ${m.location.start.line}: ${m.replacement ?? ""}`,
      );
    }
  }
}
if (failed) {
  console.error("Mutation score below the threshold: add a test that pins the behaviour a survivor changes.");
  process.exit(1);
}
