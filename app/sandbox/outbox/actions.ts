"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/env";
import { getSandboxOutbox } from "@/sandbox/outbox";

/** Empties the sandbox outbox (made-up messages only; refused outside sandbox mode). */
export async function clearOutbox(): Promise<void> {
  if (!getConfig().sandbox.any) return;
  getSandboxOutbox().clear();
  revalidatePath("/sandbox/outbox");
}
