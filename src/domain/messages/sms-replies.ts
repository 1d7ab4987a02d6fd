/**
 * Inbound SMS replies: what a customer's text means, and what slotflow answers. Pure.
 *
 * Keywords (case-insensitive, surrounding spaces and punctuation ignored):
 * - `C` / `CONFIRM` / `JA` → confirm the customer's next held booking;
 * - `X` → cancel the customer's next upcoming booking (the service's notice window applies). Not
 *   `CANCEL`: that word is one of Twilio's reserved opt-out keywords, and the carrier unsubscribes the
 *   sender on it;
 * - `STOP`, `STOPALL`, `UNSUBSCRIBE`, `CANCEL`, `END`, `QUIT`, `OPTOUT`, `REVOKE` → opt out of SMS;
 *   `START`, `UNSTOP` → opt back in (Twilio's default opt-out keywords, so both sides agree);
 * - anything else → a help text.
 */
import { messageTime } from './message-time.ts';
import type { MessageLocale } from './message-context.ts';

export type SmsCommand = 'confirm' | 'cancel' | 'opt_out' | 'opt_in' | 'help';

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN = new Set(['START', 'UNSTOP']);

export function parseSmsCommand(body: string): SmsCommand {
  const word = body
    .trim()
    .replace(/[.!?]+$/, '')
    .toUpperCase();
  if (OPT_OUT.has(word)) return 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  if (word === 'C' || word === 'CONFIRM' || word === 'JA') return 'confirm';
  if (word === 'X') return 'cancel';
  return 'help';
}

export type SmsReplyOutcome =
  | { kind: 'confirmed' | 'cancelled'; serviceName: string; start: number; end: number; timeZone: string }
  | { kind: 'too_late'; serviceName: string; start: number; end: number; timeZone: string }
  | { kind: 'nothing_to_confirm' | 'nothing_to_cancel' | 'help' };

const TEXT: Record<MessageLocale, Record<SmsReplyOutcome['kind'], string>> = {
  en: {
    confirmed: 'Confirmed: {service}, {when}.',
    cancelled: 'Cancelled: {service}, {when}.',
    too_late: 'Too late to cancel {service} ({when}) by SMS. Please contact us.',
    nothing_to_confirm: 'There is no booking waiting for your confirmation.',
    nothing_to_cancel: 'There is no upcoming booking to cancel.',
    help: 'Reply C to confirm a reserved booking, X to cancel your next booking, STOP to stop texts.',
  },
  de: {
    confirmed: 'Bestätigt: {service}, {when}.',
    cancelled: 'Storniert: {service}, {when}.',
    too_late: 'Für eine Absage per SMS ist es zu spät ({service}, {when}). Bitte kontaktieren Sie uns.',
    nothing_to_confirm: 'Es wartet keine Buchung auf Ihre Bestätigung.',
    nothing_to_cancel: 'Es gibt keine anstehende Buchung zum Stornieren.',
    help: 'Antworten Sie C zum Bestätigen, X zum Stornieren des nächsten Termins, STOP gegen SMS.',
  },
};

/** The reply text; GSM-7 only (ä ö ü ß are in the GSM basic set), so a reply stays a cheap segment. */
export function smsReplyText(outcome: SmsReplyOutcome, locale: MessageLocale): string {
  const template = TEXT[locale][outcome.kind];
  if (!('serviceName' in outcome)) return template;
  return template.replace('{service}', outcome.serviceName).replace('{when}', messageTime(outcome.start, outcome.end, outcome.timeZone, locale).shortWhen);
}
