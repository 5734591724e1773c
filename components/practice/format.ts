import type { PatientRecord } from "@/lib/greetings/types";

/** "Lee, Pat (Patty)" — how staff find a patient in drchrono. */
export function patientDisplayName(p: Pick<PatientRecord, "firstName" | "lastName" | "nickName">): string {
  const name = [p.lastName.trim(), p.firstName.trim()].filter(Boolean).join(", ") || "(no name)";
  return p.nickName && p.nickName !== p.firstName ? `${name} (${p.nickName})` : name;
}

/** "Robert Lopez", as a confirmation names the patient; null without a name. */
export function patientFullName(p: Pick<PatientRecord, "firstName" | "lastName">): string | null {
  return [p.firstName.trim(), p.lastName.trim()].filter(Boolean).join(" ") || null;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "Monday, March 2" for an ISO date, without time-zone shifts (calendar dates are zone-free). */
export function formatIsoDate(date: string, withWeekday = true): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  const weekday = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-US", {
    weekday: "long",
    timeZone: "UTC",
  });
  const text = `${MONTHS[m - 1]} ${d}`;
  return withWeekday ? `${weekday}, ${text}` : `${text}, ${y}`;
}

/** "March 2" for a month and day (no year: the index never keeps one). */
export function formatMonthDay(month: number, day: number): string {
  return `${MONTHS[month - 1] ?? "?"} ${day}`;
}

export function formatInstant(at: Date, timeZone: string): string {
  return at.toLocaleString("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
}

/** "10:02 AM" in the practice's time zone. */
export function formatTime(at: Date, timeZone: string): string {
  return at.toLocaleTimeString("en-US", { timeZone, hour: "numeric", minute: "2-digit" });
}
