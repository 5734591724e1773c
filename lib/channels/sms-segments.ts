/**
 * How many SMS segments a text costs, counted the way carriers do: GSM-7 when every character is in the GSM
 * 03.38 alphabet (160 per single message, 153 per part when split; extension characters such as € or { take two),
 * otherwise UCS-2 (70 single, 67 per part, counted in UTF-16 code units, so an emoji takes two).
 */

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export interface SmsEncoding {
  encoding: "GSM-7" | "UCS-2";
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

export function smsEncoding(text: string): SmsEncoding {
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else return ucs2(text);
  }
  return { encoding: "GSM-7", units: septets, segments: count(septets, 160, 153) };
}

export function smsSegments(text: string): number {
  return smsEncoding(text).segments;
}

function ucs2(text: string): SmsEncoding {
  return { encoding: "UCS-2", units: text.length, segments: count(text.length, 70, 67) };
}

function count(units: number, single: number, perPart: number): number {
  if (units === 0) return 1;
  return units <= single ? 1 : Math.ceil(units / perPart);
}
