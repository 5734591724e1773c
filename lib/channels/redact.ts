/**
 * Provider error messages sometimes quote the recipient ("The 'To' number +1555… is not valid"). They end up in
 * the send log and in logs, which must never hold patient contacts, so addresses and numbers are masked.
 */
export function redactContacts(text: string): string {
  return text
    .replace(/[^\s<>"'`,;:()]+@[^\s<>"'`,;:()]+/g, "[email]")
    .replace(/\+?\d[\d\s().-]{6,}\d/g, "[phone]");
}
