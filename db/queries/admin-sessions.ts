import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { adminSessions } from "@/db/schema";

/*
 * Support's sessions, server-side: the cookie holds a random id, this table only its SHA-256 hash. Support's
 * sessions belong to no practice, so these queries take no account id.
 */

export async function insertAdminSession(
  db: Database,
  session: { idHash: string; email: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await db.insert(adminSessions).values(session);
}

export async function findAdminSession(db: Database, idHash: string) {
  const [row] = await db.select().from(adminSessions).where(eq(adminSessions.idHash, idHash)).limit(1);
  return row ?? null;
}

export async function revokeAdminSession(db: Database, idHash: string, at: Date): Promise<void> {
  await db
    .update(adminSessions)
    .set({ revokedAt: at })
    .where(and(eq(adminSessions.idHash, idHash), isNull(adminSessions.revokedAt)));
}
