/** The e-mail channel's admin API shapes (src/gateway/routes/admin-email.route.ts). */
export type InboundEmail = {
  id: string;
  receivedAt: string;
  via: 'smtp' | 'webhook';
  messageId: string | null;
  from: string;
  fromName: string | null;
  subject: string;
  sizeBytes: number;
  dmarc: string;
  outcome: string;
  detail: string | null;
  threadId: string | null;
  bookingId: string | null;
};

export type ThreadEntry = { at: string; direction: 'in' | 'out'; subject: string; text: string; status: string; detail: string | null };

export type EmailThread = {
  id: string;
  customerEmail: string;
  customerName: string | null;
  locale: string;
  subject: string;
  serviceId: string | null;
  bookingId: string | null;
  createdAt: string;
  entries: ThreadEntry[];
};

/** What each outcome means, for people (inbound_messages.outcome). */
export const OUTCOME_LABELS: Record<string, string> = {
  received: 'being handled',
  duplicate: 'duplicate (seen before)',
  ignored_automated: 'ignored: automatic mail',
  ignored_rate_limited: 'ignored: too many messages',
  refused_dmarc: 'refused: DMARC fail (forged sender)',
  refused_malformed: 'refused: not a readable message',
  proposed: 'times proposed',
  asked_service: 'asked which service',
  nothing_free: 'nothing free',
  booked: 'booked',
  moved: 'moved',
  cancelled: 'cancelled',
  cancel_refused: 'cancel refused (notice window)',
  not_understood: 'not understood',
  no_booking: 'no booking to act on',
  wrong_sender: 'refused: not the booking’s address',
  failed: 'failed',
};

export const outcomeLabel = (o: string): string => OUTCOME_LABELS[o] ?? o;

/**
 * How an outcome reads at a glance: `ok` the customer's wish was acted on, `warn` it needs them (or is still
 * being handled), `bad` refused or failed, `muted` deliberately not answered. Shown as the badge's colour
 * (em-* classes) — not the outcome as a class, which would pick up the booking-status colours
 * (a `cancelled` outcome is a cancellation done as asked, not a failure).
 */
export type OutcomeTone = 'ok' | 'warn' | 'bad' | 'muted';
const TONES: Record<string, OutcomeTone> = {
  proposed: 'ok',
  asked_service: 'ok',
  booked: 'ok',
  moved: 'ok',
  cancelled: 'ok',
  received: 'warn',
  nothing_free: 'warn',
  cancel_refused: 'warn',
  not_understood: 'warn',
  no_booking: 'warn',
  refused_dmarc: 'bad',
  refused_malformed: 'bad',
  wrong_sender: 'bad',
  failed: 'bad',
  duplicate: 'muted',
  ignored_automated: 'muted',
  ignored_rate_limited: 'muted',
};
export const outcomeTone = (o: string): OutcomeTone => TONES[o] ?? 'warn';
