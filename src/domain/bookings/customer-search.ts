/**
 * The front desk's customer search (GET /v1/admin/bookings?q=): what a typed text matches. Name and
 * e-mail: case-insensitive substring. Phone: when the text looks like a phone number (digits with the
 * usual separators), its digits are a substring of the stored number's digits — "+49 151 23" finds
 * "+4915123…", "0151-23" does not (the stored number is E.164) but "151 23" does.
 */
export type CustomerSearch = { text: string; phoneDigits?: string | undefined };

const PHONE_LIKE = /^[+\d\s().\-/]+$/;
/** Fewer digits than this match too many numbers to mean one customer's phone. */
const MIN_PHONE_DIGITS = 3;

/** The search a query parameter asks for, or undefined for a blank one. */
export function customerSearch(q: string | undefined): CustomerSearch | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const digits = text.replace(/\D/g, '');
  return PHONE_LIKE.test(text) && digits.length >= MIN_PHONE_DIGITS ? { text, phoneDigits: digits } : { text };
}
