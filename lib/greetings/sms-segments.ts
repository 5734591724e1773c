/*
 * How many SMS segments a text costs. Carriers send GSM-7 (160 septets per segment, 153 when split) unless a single
 * character falls outside it; then the whole message goes as UCS-2 (70 UTF-16 units, 67 when split). Accented
 * Spanish letters á, í, ó, ú are outside GSM-7, which is why the Spanish texts avoid them.
 */

const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Characters sent as an escape plus a second septet. */
const GSM7_EXTENSION = "^{}\\[~]|€\f";

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC.has(char) && !EXTENSION.has(char)) return false;
  return true;
}

export function smsLength(text: string): SmsLength {
  if (isGsm7(text)) {
    let units = 0;
    for (const char of text) units += EXTENSION.has(char) ? 2 : 1;
    return { encoding: "GSM-7", units, segments: segmentsFor(units, 160, 153) };
  }
  return { encoding: "UCS-2", units: text.length, segments: segmentsFor(text.length, 70, 67) };
}

export function smsSegments(text: string): number {
  return smsLength(text).segments;
}

function segmentsFor(units: number, single: number, perPart: number): number {
  if (units === 0) return 0;
  return units <= single ? 1 : Math.ceil(units / perPart);
}
