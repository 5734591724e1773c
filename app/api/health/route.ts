import { sql } from "drizzle-orm";
import { getDb } from "@/db";

export const dynamic = "force-dynamic";

/** Liveness and database check for tests and uptime monitors. Never throws: a broken database is a 503. */
export async function GET() {
  const started = performance.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({
      status: "ok",
      database: "ok",
      latencyMs: Math.round(performance.now() - started),
    });
  } catch (error) {
    console.error("health: database check failed:", error instanceof Error ? error.message : "unknown error");
    return Response.json({ status: "unhealthy", database: "unreachable" }, { status: 503 });
  }
}
