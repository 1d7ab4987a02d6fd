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
