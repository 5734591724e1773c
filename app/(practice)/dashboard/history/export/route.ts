import { getDb } from "@/db";
import { eachHistoryRow } from "@/db/queries/history";
import { csvLine, HISTORY_CSV_HEADER, historyCsvCells } from "@/lib/accounts/csv";
import { parseHistoryFilters } from "@/lib/accounts/forms";
import { getPracticeSession } from "@/lib/auth/session";
import { now } from "@/lib/clock";

/*
 * The history as CSV, with the same filters as the page. Patient ids only: names live in drchrono, and an export
 * of a year's greetings would cost thousands of drchrono calls. Streamed, so a long history never sits in memory.
 */
export async function GET(request: Request): Promise<Response> {
  const session = await getPracticeSession();
  if (!session) return new Response("Sign in to export the history.", { status: 401 });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { filters } = parseHistoryFilters(params);
  const db = await getDb();
  const encoder = new TextEncoder();
  const rows = eachHistoryRow(db, session.accountId, filters);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(HISTORY_CSV_HEADER)));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          return controller.close();
        }
        chunk += csvLine(historyCsvCells(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const date = now().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="greetings-history-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
