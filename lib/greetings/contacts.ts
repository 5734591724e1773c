/*
 * Whether an e-mail address or phone number on a chart can receive a greeting. Charts hold whatever was typed at the
 * front desk, so every function accepts anything and answers with a value, never an exception. Problem sentences
 * quote the value for the practice's staff; they must not be logged.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export type ContactCheck =
  | { ok: true; value: string }
  | { ok: false; problem: "missing" | "invalid"; detail: string };

/** Region assumed for numbers typed without a country code (drchrono practices are in the US). */
export const DEFAULT_PHONE_COUNTRY = "US";

// Pragmatic, not RFC 5322: one @, a dot-atom local part, a dotted domain with a letter TLD. No spaces, no lists.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** A deliverable-looking address, trimmed, with the domain lower-cased (the local part is case-sensitive). */
export function checkEmail(raw: unknown): ContactCheck {
  if (typeof raw !== "string" || raw.trim() === "") {
    return { ok: false, problem: "missing", detail: "no e-mail address on file" };
  }
  const address = raw.trim();
  const at = address.lastIndexOf("@");
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const valid =
    at > 0 && address.length <= 254 && local.length <= 64 && LOCAL_PART.test(local) && DOMAIN.test(domain);
  if (!valid) {
    return { ok: false, problem: "invalid", detail: `e-mail ${quote(address)} is not a valid address` };
  }
  return { ok: true, value: `${local}@${domain.toLowerCase()}` };
}

export type MobileCheck =
  | { ok: true; value: string }
  | { ok: false; problem: "missing" | "invalid" | "not_mobile"; detail: string };

/** Number types that can receive a text. US numbers cannot be told apart, so FIXED_LINE_OR_MOBILE is accepted. */
const TEXTABLE_TYPES = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

const TYPE_NAMES: Record<string, string> = {
  FIXED_LINE: "a landline",
  TOLL_FREE: "a toll-free number",
  PREMIUM_RATE: "a premium-rate number",
  SHARED_COST: "a shared-cost number",
  VOIP: "an internet (VoIP) number",
  PERSONAL_NUMBER: "a personal forwarding number",
  PAGER: "a pager",
  UAN: "a company switchboard number",
  VOICEMAIL: "a voicemail number",
};

/** A valid, mobile-capable number as E.164 (+12015550123), judged with full metadata so the line type is known. */
export function checkMobile(raw: unknown): MobileCheck {
  if (typeof raw !== "string" || raw.trim() === "") {
    return { ok: false, problem: "missing", detail: "no mobile number on file" };
  }
  const shown = quote(raw.trim());
  let phone: ReturnType<typeof parsePhoneNumberFromString>;
  try {
    phone = parsePhoneNumberFromString(raw, DEFAULT_PHONE_COUNTRY);
  } catch {
    phone = undefined;
  }
  if (!phone?.isValid()) {
    return { ok: false, problem: "invalid", detail: `phone ${shown} is not a valid phone number` };
  }
  const type = phone.getType();
  if (!type || !TEXTABLE_TYPES.has(type)) {
    const kind = (type && TYPE_NAMES[type]) ?? "not known to be a mobile number";
    return { ok: false, problem: "not_mobile", detail: `phone ${shown} is ${kind} and cannot receive texts` };
  }
  return { ok: true, value: phone.number };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
