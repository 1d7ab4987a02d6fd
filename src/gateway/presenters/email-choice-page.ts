/**
 * The small pages behind a proposal e-mail's one-click links: GET shows the time and a button (a link
 * scanner's GET books nothing), POST shows what booking it came to. Server-rendered, no script; every
 * value is HTML-escaped.
 */
import { escapeHtml } from '../../domain/messages/render-message.ts';
import { messageTime } from '../../domain/messages/message-time.ts';
import type { MessageLocale } from '../../domain/messages/message-context.ts';

export const CHOICE_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export type ChoicePage =
  | { kind: 'confirm'; serviceName: string; start: number; end: number; action: string }
  | { kind: 'booked' | 'moved' | 'pending'; serviceName: string; start: number; end: number }
  | { kind: 'taken'; freshOffer: boolean }
  | { kind: 'lapsed' | 'invalid'; bookUrl: string }
  | { kind: 'refused'; bookUrl: string };

const T = {
  en: {
    title: 'Your appointment',
    confirm: (s: string) => `Book ${s} at this time?`,
    button: 'Book this time',
    booked: (s: string) => `Booked: ${s}.`,
    pending: (s: string) => `Requested: ${s}. The business confirms it and you hear back.`,
    moved: (s: string) => `Moved: your ${s} appointment is now at this time.`,
    taken: (fresh: boolean) =>
      fresh
        ? 'Sorry — this time was just taken. We have replied in your e-mail thread with new times.'
        : 'Sorry — this time was just taken, and nothing else is free soon.',
    lapsed: 'These times have lapsed or were replaced by newer ones. Reply to the e-mail with another wish, or book online:',
    invalid: 'This link is not valid. Book online:',
    refused: 'We could not book this time by e-mail. Please book online:',
    book: 'Book online',
  },
  de: {
    title: 'Ihr Termin',
    confirm: (s: string) => `${s} zu dieser Zeit buchen?`,
    button: 'Diesen Termin buchen',
    booked: (s: string) => `Gebucht: ${s}.`,
    pending: (s: string) => `Angefragt: ${s}. Der Betrieb bestätigt den Termin und Sie hören von uns.`,
    moved: (s: string) => `Verschoben: Ihr Termin (${s}) ist jetzt zu dieser Zeit.`,
    taken: (fresh: boolean) =>
      fresh
        ? 'Leider wurde dieser Termin gerade vergeben. Wir haben Ihnen in Ihrem E-Mail-Verlauf neue Termine geschickt.'
        : 'Leider wurde dieser Termin gerade vergeben, und bald ist nichts anderes frei.',
    lapsed: 'Diese Termine sind abgelaufen oder durch neuere ersetzt. Antworten Sie auf die E-Mail mit einem anderen Wunsch oder buchen Sie online:',
    invalid: 'Dieser Link ist ungültig. Online buchen:',
    refused: 'Diesen Termin konnten wir per E-Mail nicht buchen. Bitte buchen Sie online:',
    book: 'Online buchen',
  },
} as const;

export function renderChoicePage(page: ChoicePage, ctx: { locale: MessageLocale; timeZone: string; businessName: string }): string {
  const t = T[ctx.locale];
  const when = (start: number, end: number) => {
    const mt = messageTime(start, end, ctx.timeZone, ctx.locale);
    return `<p class="when">${escapeHtml(`${mt.date}, ${mt.time}–${mt.endTime}`)}<br><small>${escapeHtml(`${mt.timeZoneName} (${ctx.timeZone})`)}</small></p>`;
  };
  const link = (url: string) => `<p><a href="${escapeHtml(url)}">${escapeHtml(t.book)}</a></p>`;
  let main: string;
  switch (page.kind) {
    case 'confirm':
      main = `<h1>${escapeHtml(t.confirm(page.serviceName))}</h1>${when(page.start, page.end)}<form method="post" action="${escapeHtml(page.action)}"><button type="submit">${escapeHtml(t.button)}</button></form>`;
      break;
    case 'booked':
    case 'moved':
    case 'pending':
      main = `<h1 role="status">${escapeHtml(t[page.kind](page.serviceName))}</h1>${when(page.start, page.end)}`;
      break;
    case 'taken':
      main = `<h1 role="status">${escapeHtml(t.taken(page.freshOffer))}</h1>`;
      break;
    default:
      main = `<h1 role="status">${escapeHtml(t[page.kind])}</h1>${link(page.bookUrl)}`;
  }
  return `<!doctype html><html lang="${ctx.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(`${t.title} · ${ctx.businessName}`)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.25rem}.when{font-size:1.1rem}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#1d4ed8;color:#fff;cursor:pointer}</style></head><body><p>${escapeHtml(ctx.businessName)}</p><main>${main}</main></body></html>`;
}
