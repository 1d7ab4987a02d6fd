/**
 * What slotflow writes back in an e-mail thread (proposals, questions, refusals), in the customer's
 * language, as plain text and HTML. Everything taken from a message or the catalog (names, subjects) is
 * HTML-escaped in the HTML part; the customer's own words are never echoed. Pure.
 */
import { messageTime } from '../messages/message-time.ts';
import type { MessageLocale } from '../messages/message-context.ts';
import { escapeHtml } from '../messages/render-message.ts';

export type ProposalLine = { start: number; end: number; url: string };

export type ThreadAnswer =
  /** Numbered times; `why` says what came before (a new wish, a taken time, lapsed proposals, a move). */
  | { kind: 'proposals'; why: 'wish' | 'nothing_in_wish' | 'taken' | 'lapsed' | 'move'; serviceName: string; proposals: ProposalLine[]; ttlHours: number }
  /** Nothing free in the weeks ahead. */
  | { kind: 'nothing_free'; serviceName: string }
  /** Which service? (the message named none, or several matched). */
  | { kind: 'which_service'; services: string[] }
  /** A cancel the change policy refuses (too late); `deadlinePassed` says why. */
  | { kind: 'cancel_refused'; serviceName: string; start: number; end: number; manageUrl: string | null }
  /** A move the change policy refuses (too late to reschedule). */
  | { kind: 'move_refused'; serviceName: string; start: number; end: number; manageUrl: string | null }
  /** The reply refers to no live booking (cancelled already, or over). */
  | { kind: 'no_booking' }
  /** A reply that says nothing slotflow understands. */
  | { kind: 'not_understood'; hasProposals: boolean }
  /** A reply to a booking's thread from another address than the booking's. */
  | { kind: 'wrong_sender' }
  /** The engine would not book this by e-mail (e.g. the service asks intake questions): the booking page. */
  | { kind: 'book_online'; url: string };

export type AnswerContext = {
  locale: MessageLocale;
  timeZone: string;
  businessName: string;
  customerName: string | null;
  /** The business's phone / e-mail (settings), named where an answer asks the customer to contact it. */
  contact?: string | null | undefined;
};

type Rendered = { subject: string; text: string; html: string };

const T = {
  en: {
    hello: (n: string | null) => (n ? `Hello ${n},` : 'Hello,'),
    wish: (s: string) => `Thank you for your message. These times are free for ${s}:`,
    nothing_in_wish: (s: string) => `Nothing is free for ${s} at the time you asked for. The nearest free times are:`,
    taken: (s: string) => `Sorry — the time you chose has just been taken. These times are free for ${s}:`,
    lapsed: (s: string) => `The times we offered earlier have lapsed. These times are free for ${s} now:`,
    move: (s: string) => `These times are free to move your ${s} appointment to:`,
    replyHint: (n: number) => `Reply with the number (${Array.from({ length: n }, (_, i) => i + 1).join(', ')}) or click a time to book it.`,
    validFor: (h: number) => `These times are not held for you; they stay bookable for ${h} hours if still free.`,
    zone: (z: string) => `Times are in ${z}.`,
    book: 'Book this time',
    nothing_free: (s: string) => `Unfortunately nothing is free for ${s} in the coming weeks. Please write again later or call us.`,
    reach: (c: string) => `You can reach us at ${c}.`,
    which_service: 'Which of our services would you like to book? Please reply with its name:',
    cancel_refused: (s: string, w: string) => `It is too late to cancel ${s} (${w}) by e-mail. Please contact us directly.`,
    move_refused: (s: string, w: string) => `It is too late to move ${s} (${w}) by e-mail. Please contact us directly.`,
    manage: (u: string) => `Your booking: ${u}`,
    no_booking: 'This conversation has no upcoming booking any more. To book again, write when you would like to come.',
    not_understood: (p: boolean) =>
      p
        ? 'Sorry, we did not understand which time you would like. Reply with the number of a time, or tell us another day or time.'
        : 'Sorry, we did not understand your message. Tell us which service and when you would like to come, e.g. "a haircut next Tuesday afternoon".',
    wrong_sender: 'For your security, changes to a booking are only accepted from the address it was booked with.',
    book_online: (u: string) => `We could not book this time by e-mail. Please book it online: ${u}`,
    regards: (b: string) => `Kind regards,\n${b}`,
  },
  de: {
    hello: (n: string | null) => (n ? `Hallo ${n},` : 'Guten Tag,'),
    wish: (s: string) => `Vielen Dank für Ihre Nachricht. Diese Termine sind für ${s} frei:`,
    nothing_in_wish: (s: string) => `Zu Ihrer Wunschzeit ist für ${s} leider nichts frei. Die nächsten freien Termine:`,
    taken: (s: string) => `Leider wurde der gewählte Termin gerade vergeben. Diese Termine sind für ${s} frei:`,
    lapsed: (s: string) => `Die zuvor angebotenen Termine sind abgelaufen. Diese Termine sind für ${s} jetzt frei:`,
    move: (s: string) => `Auf diese Termine können Sie Ihren Termin (${s}) verschieben:`,
    replyHint: (n: number) =>
      `Antworten Sie mit der Nummer (${Array.from({ length: n }, (_, i) => i + 1).join(', ')}) oder klicken Sie auf einen Termin, um ihn zu buchen.`,
    validFor: (h: number) => `Die Termine sind nicht für Sie reserviert; sie bleiben ${h} Stunden buchbar, solange sie frei sind.`,
    reach: (c: string) => `Sie erreichen uns unter ${c}.`,
    zone: (z: string) => `Zeiten in ${z}.`,
    book: 'Diesen Termin buchen',
    nothing_free: (s: string) => `Leider ist für ${s} in den nächsten Wochen nichts frei. Bitte schreiben Sie später noch einmal oder rufen Sie uns an.`,
    which_service: 'Welche unserer Leistungen möchten Sie buchen? Bitte antworten Sie mit dem Namen:',
    cancel_refused: (s: string, w: string) => `Für eine Absage per E-Mail ist es zu spät (${s}, ${w}). Bitte kontaktieren Sie uns direkt.`,
    move_refused: (s: string, w: string) => `Für eine Verschiebung per E-Mail ist es zu spät (${s}, ${w}). Bitte kontaktieren Sie uns direkt.`,
    manage: (u: string) => `Ihre Buchung: ${u}`,
    no_booking: 'Zu dieser Unterhaltung gibt es keinen anstehenden Termin mehr. Schreiben Sie uns einfach, wann Sie kommen möchten.',
    not_understood: (p: boolean) =>
      p
        ? 'Leider haben wir nicht verstanden, welchen Termin Sie möchten. Antworten Sie mit der Nummer eines Termins oder nennen Sie einen anderen Tag.'
        : 'Leider haben wir Ihre Nachricht nicht verstanden. Schreiben Sie uns, welche Leistung und wann, z. B. „Haarschnitt nächsten Dienstag nachmittags“.',
    wrong_sender: 'Zu Ihrer Sicherheit nehmen wir Änderungen an einer Buchung nur von der Adresse an, mit der gebucht wurde.',
    book_online: (u: string) => `Diesen Termin konnten wir per E-Mail nicht buchen. Bitte buchen Sie ihn online: ${u}`,
    regards: (b: string) => `Freundliche Grüße\n${b}`,
  },
} as const;

/** "Re: <subject>" unless it already starts with Re:/AW:/WG:. */
export function replySubject(subject: string, locale: MessageLocale): string {
  const clean = subject.replace(/[\r\n]+/g, ' ').trim();
  if (clean === '') return locale === 'de' ? 'Ihre Terminanfrage' : 'Your appointment request';
  return /^(re|aw|wg|fwd?|sv):/i.test(clean) ? clean.slice(0, 200) : `Re: ${clean.slice(0, 196)}`;
}

/** The answer's body; the caller sets the subject with `replySubject`. */
export function renderThreadAnswer(answer: ThreadAnswer, ctx: AnswerContext): Omit<Rendered, 'subject'> {
  const t = T[ctx.locale];
  const paragraphs: { text: string; html: string }[] = [];
  const para = (s: string) => paragraphs.push({ text: s, html: `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>` });
  para(t.hello(ctx.customerName));
  switch (answer.kind) {
    case 'proposals': {
      para(t[answer.why](answer.serviceName));
      const lines = answer.proposals.map((p, i) => {
        const mt = messageTime(p.start, p.end, ctx.timeZone, ctx.locale);
        const when = `${mt.date}, ${mt.time}–${mt.endTime}${ctx.locale === 'de' ? ' Uhr' : ''}`;
        return {
          text: `  ${i + 1}) ${when}\n     ${p.url}`,
          html: `<li>${escapeHtml(when)} — <a href="${escapeHtml(p.url)}">${escapeHtml(t.book)}</a></li>`,
        };
      });
      paragraphs.push({ text: lines.map((l) => l.text).join('\n'), html: `<ol>${lines.map((l) => l.html).join('')}</ol>` });
      const first = answer.proposals[0];
      para(
        `${t.replyHint(answer.proposals.length)} ${t.validFor(answer.ttlHours)}${first ? ` ${t.zone(messageTime(first.start, first.end, ctx.timeZone, ctx.locale).timeZoneName + ` (${ctx.timeZone})`)}` : ''}`,
      );
      break;
    }
    case 'nothing_free':
      para(t.nothing_free(answer.serviceName));
      break;
    case 'which_service':
      para(t.which_service);
      paragraphs.push({
        text: answer.services.map((s) => `  - ${s}`).join('\n'),
        html: `<ul>${answer.services.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
      });
      break;
    case 'cancel_refused':
    case 'move_refused': {
      const mt = messageTime(answer.start, answer.end, ctx.timeZone, ctx.locale);
      para(t[answer.kind](answer.serviceName, mt.when));
      if (ctx.contact) para(t.reach(ctx.contact));
      if (answer.manageUrl) para(t.manage(answer.manageUrl));
      break;
    }
    case 'no_booking':
      para(t.no_booking);
      break;
    case 'not_understood':
      para(t.not_understood(answer.hasProposals));
      break;
    case 'wrong_sender':
      para(t.wrong_sender);
      break;
    case 'book_online':
      para(t.book_online(answer.url));
      break;
  }
  para(t.regards(ctx.businessName));
  return {
    text: `${paragraphs.map((p) => p.text).join('\n\n')}\n`,
    html: `<!doctype html><html><body>${paragraphs.map((p) => p.html).join('\n')}</body></html>`,
  };
}
