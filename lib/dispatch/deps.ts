import "server-only";
import type { Database } from "@/db/client";
import { findPracticeDoctorEmail } from "@/db/queries/admin";
import { getChannels } from "@/lib/channels";
import { now } from "@/lib/clock";
import { createDeliveryEventDeps } from "@/lib/delivery/deps";
import { appCallBudget, createDrchronoClient, refreshAccessToken } from "@/lib/drchrono";
import type { Config } from "@/lib/env";
import { notifyPractice } from "@/lib/notifications";
import { getAccessToken } from "@/lib/vault/tokens";
import type { DispatchDeps } from "./types";

/**
 * Production wiring of a dispatch run: drchrono through the vault (tokens refreshed ahead of expiry), e-mail and
 * SMS through the configured channels (the real services, or the sandbox fakes by base URL).
 */
export function createDispatchDeps(
  config: Config,
  db: Database,
  overrides: Partial<DispatchDeps> = {},
): DispatchDeps {
  const channels = getChannels(config);
  const oauth = {
    baseUrl: config.drchrono.baseUrl,
    clientId: config.drchrono.clientId,
    clientSecret: config.drchrono.clientSecret,
  };
  return {
    db,
    drchronoFor: async (account) => {
      const accessToken = () =>
        getAccessToken(db, account.id, {
          now,
          refresh: (refreshToken) => refreshAccessToken({ ...oauth, refreshToken }),
        });
      // Fails here, before any listing, when the account has no working grant.
      await accessToken();
      // Every process takes from the application's one budget in Postgres (dispatch with no reserve: it comes first).
      return createDrchronoClient({
        baseUrl: config.drchrono.baseUrl,
        accessToken,
        budget: appCallBudget(db, config, now),
      });
    },
    channels,
    appUrl: config.appUrl,
    unsubscribeSecret: config.authSecret,
    contactHashSecret: config.authSecret,
    notifyEmailPaused: createDeliveryEventDeps(config, db).notifyEmailPaused,
    incrementalSync: true,
    notifyNeedsReauth: async (account) => {
      await notifyPractice("needs_reauth", account, {
        email: channels.email,
        appUrl: config.appUrl,
        supportEmail: config.email.supportEmail,
        findDoctorEmail: (accountId) => findPracticeDoctorEmail(db, accountId),
        now: now(),
      });
    },
    log: (line) => console.info(`[dispatch] ${line}`),
    ...overrides,
  };
}
