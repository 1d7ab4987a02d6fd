/**
 * Mail slotflow must never answer (RFC 3834 §2, RFC 3464): auto-replies, bulk and list mail, bounces,
 * and its own messages coming back — each answer to those risks a mail loop or backscatter. Pure.
 */

export type AutomatedReason = 'auto_submitted' | 'auto_reply' | 'bulk' | 'bounce' | 'own_message' | 'out_of_office';

export type MailFacts = {
  /** Header values by lower-case name (first occurrence). */
  header: (name: string) => string | undefined;
  /** The From address (lower case) and the envelope sender (MAIL FROM; '' for a bounce). */
  from: string;
  envelopeFrom?: string | undefined;
  subject: string;
  contentType?: string | undefined;
  /** Addresses slotflow sends from (EMAIL_FROM) and receives at. */
  ownAddresses: readonly string[];
};

const OUT_OF_OFFICE =
  /^\s*(auto(matic)?[ -]?(reply|response)\b|automatische antwort\b|out of (the )?office\b|abwesenheit\p{L}*|abwesend\b|ich bin (derzeit |zurzeit )?nicht im büro|on vacation\b)/iu;
const BOUNCE_SENDERS = /^(mailer-daemon|postmaster)@/i;

/** Why this message must get no answer, or null when it may. */
export function automatedReason(m: MailFacts): AutomatedReason | null {
  const h = (n: string) => m.header(n)?.trim().toLowerCase();
  if (m.header('x-slotflow-idempotency-key') !== undefined || m.ownAddresses.some((a) => a.toLowerCase() === m.from)) return 'own_message';
  if (m.envelopeFrom === '' || BOUNCE_SENDERS.test(m.from) || /multipart\/report/i.test(m.contentType ?? '')) return 'bounce';
  const autoSubmitted = h('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_submitted';
  if (m.header('x-autoreply') !== undefined || m.header('x-autorespond') !== undefined || h('x-auto-response-suppress')?.includes('all')) return 'auto_reply';
  const precedence = h('precedence');
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return 'bulk';
  if (m.header('list-id') !== undefined || m.header('list-unsubscribe') !== undefined) return 'bulk';
  if (OUT_OF_OFFICE.test(m.subject)) return 'out_of_office';
  return null;
}
