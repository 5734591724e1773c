import type { Database } from "@/db/client";
import { type Account, accounts, users } from "@/db/schema";
import { createEmailChannel } from "@/lib/channels/email";
import { SANDBOX_RESEND_API_KEY } from "@/sandbox/providers/resend-fake";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";

let groupId = 9000;

export async function createAccount(
  db: Database,
  values: Partial<typeof accounts.$inferInsert> = {},
): Promise<Account> {
  groupId += 1;
  const [account] = await db
    .insert(accounts)
    .values({ practiceGroupId: groupId, practiceName: `Practice ${groupId}`, ...values })
    .returning();
  if (!account) throw new Error("no account");
  return account;
}

export async function addDoctor(db: Database, accountId: string, email: string | null): Promise<void> {
  groupId += 1;
  await db.insert(users).values({
    accountId,
    drchronoUserId: groupId,
    username: `doctor${groupId}`,
    role: "doctor",
    email,
  });
}

/** The real Resend SDK against the fake Resend endpoint on a loopback port; its outbox shows what arrived. */
export async function startEmail(): Promise<{
  server: FakeProvidersServer;
  channel: ReturnType<typeof createEmailChannel>;
}> {
  const server = await startFakeProvidersServer();
  const channel = createEmailChannel({
    apiKey: SANDBOX_RESEND_API_KEY,
    baseUrl: server.resendUrl,
    from: "Birthday Greetings <greetings@example.com>",
  });
  return { server, channel };
}
