import "server-only";
import type { Database } from "@/db/client";
import { findPracticeDoctorEmail } from "@/db/queries/admin";
import { getChannels } from "@/lib/channels";
import { now } from "@/lib/clock";
import type { Config } from "@/lib/env";
import { notifyEmailPaused } from "@/lib/notifications";
import type { DeliveryEventDeps } from "./apply";

/** Production wiring for applying provider events: the app clock, and pause notices through the e-mail channel. */
export function createDeliveryEventDeps(config: Config, db: Database): DeliveryEventDeps {
  return {
    db,
    now,
    notifyEmailPaused: async (account, pause) => {
      await notifyEmailPaused(account, pause, {
        email: getChannels(config).email,
        appUrl: config.appUrl,
        supportEmail: config.email.supportEmail,
        findDoctorEmail: (accountId) => findPracticeDoctorEmail(db, accountId),
        now: pause.at,
      });
    },
    log: (line) => console.info(`[delivery] ${line}`),
  };
}
