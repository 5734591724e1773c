/*
 * CSV for the history export. Spreadsheet programs execute cells that start with =, +, - or @ (and tab/CR
 * variants) as formulas, so such cells get a leading apostrophe; everything is quoted per RFC 4180 when needed.
 */

import { DELIVERY_STATUS_LABELS, deliveryReason, isDeliveryStatus } from "@/lib/delivery/status";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export const HISTORY_CSV_HEADER = [
  "date",
  "drchrono_patient_id",
  "channel",
  "status",
  "sent_at",
  "error",
  "delivery_status",
  "delivery_reason",
  "delivery_status_changed_at",
] as const;

/** One greeting of the history as the export's cells: our send status, then what the provider reported. */
export function historyCsvCells(row: {
  localDate: string;
  patientId: number;
  channel: string;
  status: string;
  sentAt: Date | null;
  error: string | null;
  deliveryStatus: string | null;
  deliveryStatusAt: Date | null;
  deliveryErrorCode: string | null;
}): Array<string | number | null | undefined> {
  const delivery = isDeliveryStatus(row.deliveryStatus) ? row.deliveryStatus : null;
  return [
    row.localDate,
    row.patientId,
    row.channel,
    row.status,
    row.sentAt?.toISOString(),
    row.error,
    delivery && DELIVERY_STATUS_LABELS[delivery],
    delivery && deliveryReason(delivery, row.deliveryErrorCode),
    delivery && row.deliveryStatusAt?.toISOString(),
  ];
}
