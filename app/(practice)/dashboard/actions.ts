"use server";

import { revalidatePath } from "next/cache";
import { live } from "@/components/practice/drchrono";
import { loadPreview, loadPreviewContext } from "@/components/practice/greeting-preview";
import { getDb } from "@/db";
import { isIndexedPatient } from "@/db/queries/dashboard";
import {
  requestActivationCommand,
  saveSettingsCommand,
  saveSignOffsCommand,
  saveWordingCommand,
  sendTestGreetingCommand,
  setOptOutCommand,
  setPausedCommand,
} from "@/lib/accounts/commands";
import type { ActionResult } from "@/lib/accounts/session";
import { requirePracticeSession } from "@/lib/auth/session";
import { getChannels } from "@/lib/channels";
import { now } from "@/lib/clock";
import { notifySupportOfActivationRequest } from "@/lib/notifications";

/*
 * The dashboard's server actions: thin. Each re-reads the session (a form can be posted without the page), then
 * hands the form to a tested command. The account is always the session's, never a form field.
 */

export async function requestActivationAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const result = await requestActivationCommand(await getDb(), session, form, {
    now: now(),
    notifySupport: async (account, requestedBy) =>
      (await notifySupportOfActivationRequest(account, requestedBy)).sent,
  });
  revalidatePath("/dashboard", "layout");
  return result;
}

export async function setPausedAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const result = await setPausedCommand(await getDb(), session, form, { now: now() });
  revalidatePath("/dashboard", "layout");
  return result;
}

export async function saveSettingsAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const result = await saveSettingsCommand(await getDb(), session, form, { now: now() });
  revalidatePath("/dashboard", "layout");
  return result;
}

export async function setOptOutAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const db = await getDb();
  const result = await setOptOutCommand(db, session, form, {
    now: now(),
    isPatientOfAccount: async (patientId) => {
      if (await isIndexedPatient(db, session.accountId, patientId)) return "yes";
      // Not indexed yet (a new patient): drchrono answers 404 for another practice's patient.
      const fresh = await live(session.accountId, (api) => api.patient(patientId));
      if (!fresh.ok) return fresh.problem === "forbidden" ? "no" : "unknown";
      return fresh.value ? "yes" : "no";
    },
  });
  revalidatePath("/dashboard/patients");
  return result;
}

export async function sendTestGreetingAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const db = await getDb();
  return sendTestGreetingCommand(db, session, form, {
    now: now(),
    channels: getChannels(),
    preview: async (language) => (await loadPreview(db, session)).previews[language],
  });
}

export async function saveWordingAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const result = await saveWordingCommand(await getDb(), session, form, { now: now() });
  revalidatePath("/dashboard/settings");
  return result;
}

export async function saveSignOffsAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const session = await requirePracticeSession();
  const db = await getDb();
  const result = await saveSignOffsCommand(db, session, form, {
    now: now(),
    doctors: async () => {
      const context = await loadPreviewContext(db, session);
      return context.problem ? null : context.doctors;
    },
  });
  revalidatePath("/dashboard/settings");
  return result;
}
