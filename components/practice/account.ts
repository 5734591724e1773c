import "server-only";
import { cache } from "react";
import { getDb } from "@/db";
import { getAccount } from "@/db/queries/accounts";

/** The signed-in practice's account, read once per request for the layout, the page and its sections. */
export const loadAccount = cache(async (accountId: string) => getAccount(await getDb(), accountId));
