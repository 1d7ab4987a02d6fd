/**
 * Customer contact details as stored: one spelling per phone number and language, so an inbound SMS
 * (Twilio sends E.164, `+4915112345678`) finds the bookings made with `+49 151 1234-5678`.
 */

/**
 * Separators dropped, a leading international `00` written as `+`. Numbers without a country code stay
 * national (`0151…`): slotflow does not guess a country, and the SMS provider refuses them (the message
 * then falls back to e-mail).
 */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s().\-/]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

/** The first language of an Accept-Language header (`de-AT,de;q=0.9,en;q=0.5` → `de-AT`), if any. */
export function firstAcceptedLanguage(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag!.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(x.tag) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag;
}
