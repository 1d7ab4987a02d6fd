/**
 * Renders booking messages (e-mail subject/text/HTML, SMS, ICS) from a MessageContext and the default
 * templates, optionally with per-part admin overrides. Pure: no I/O, no clock.
 *
 * Template variables — the contract admins write overrides against (all strings; '' when not given, so
 * `{{#x}}…{{/x}}` shows a block only when x is set):
 *   customerName, serviceName, providerName, businessName
 *   businessContact the business's phone and e-mail ('+49 30 123456 · hello@clinic.example'; settings)
 *   bookingId
 *   date            'Monday, 7 December 2026' / 'Montag, 7. Dezember 2026' (customer's zone)
 *   time, endTime   '09:00', '09:30' (24-hour; German templates add "Uhr")
 *   endDate         local date of the end (differs from `date` only across midnight)
 *   when            'Monday, 7 December 2026, 09:00–09:30 (Central European Standard Time, Europe/Berlin)'
 *   shortWhen       'Mon 7 Dec, 09:00 CET' / 'Mo., 7. Dez., 09:00 Uhr MEZ' (for SMS)
 *   timeZone        IANA id, 'Europe/Berlin'
 *   timeZoneName    'Central European Standard Time' / 'Mitteleuropäische Normalzeit'
 *   timeZoneShort   'CET', 'EST', 'MEZ', else 'GMT+5:30'
 *   utcOffset       'UTC+01:00' (at the start)
 *   durationMinutes '30'
 *   manageUrl       full manage link ('' when none)
 *   shortManageUrl  short link for SMS; falls back to manageUrl
 *   googleCalendarUrl, outlookCalendarUrl   "add to calendar" links
 *   location, reason
 *   intakeText      intake answers, one 'Label: value' per line
 * and one list, `intake`, of { label, value } items: `{{#intake}}{{label}}: {{value}}{{/intake}}`.
 *
 * Rendering rules:
 * - Overrides replace individual parts; a part that is missing or blank uses the default. An override
 *   that does not parse (should have been refused by `validateTemplate` at save time) also falls back to
 *   the default: the customer still gets the message.
 * - HTML: every value is HTML-escaped before rendering (the template is rendered with escaping off), so
 *   `{{x}}`, `{{{x}}}` and `{{& x}}` are all safe — an override cannot inject a customer's markup.
 * - Text, SMS and subject are rendered without escaping. Subjects are then made single-line (CR, LF and
 *   other controls become spaces: header injection). SMS bodies get typographic punctuation folded to
 *   ASCII (’ “ – … and odd spaces), which keeps them GSM-7 unless a name needs UCS-2.
 * - Mustache's global template cache is left alone: a private writer with a bounded cache, because admin
 *   overrides are unbounded input.
 */
import Mustache from 'mustache';
import { googleCalendarUrl, outlookCalendarUrl, type CalendarEvent } from './calendar-links.ts';
import { bookingIcs, icsMethodFor } from './ics.ts';
import { pickLocale, type MessageContext, type MessageLocale } from './message-context.ts';
import { messageTime } from './message-time.ts';
import { smsSegments, type SmsEncoding } from './sms-segments.ts';
import { defaultTemplate, type MessageTemplate } from './templates.ts';

export type TemplateOverride = Partial<{ subject: string; text: string; html: string; sms: string }>;

export const TEMPLATE_VARIABLES: readonly string[] = Object.freeze([
  'customerName',
  'serviceName',
  'providerName',
  'businessName',
  'businessContact',
  'bookingId',
  'date',
  'time',
  'endDate',
  'endTime',
  'when',
  'shortWhen',
  'timeZone',
  'timeZoneName',
  'timeZoneShort',
  'utcOffset',
  'durationMinutes',
  'manageUrl',
  'shortManageUrl',
  'googleCalendarUrl',
  'outlookCalendarUrl',
  'location',
  'resourceNames',
  'reason',
  'intakeText',
]);

/** List variables and the fields of their items (usable only inside `{{#list}}…{{/list}}`). */
export const TEMPLATE_LISTS: Readonly<Record<string, readonly string[]>> = Object.freeze({ intake: Object.freeze(['label', 'value']) });

const CALENDAR_WORDS: Record<MessageLocale, { with: string; manage: string }> = {
  en: { with: 'with', manage: 'Reschedule or cancel' },
  de: { with: 'bei', manage: 'Termin verschieben oder absagen' },
};

/** The event as calendars show it (add-to-calendar links and the ICS invitation). */
export function bookingCalendarEvent(ctx: MessageContext): CalendarEvent {
  const words = CALENDAR_WORDS[pickLocale(ctx.locale)];
  const details = [`${ctx.serviceName} ${words.with} ${ctx.providerName} (${ctx.businessName})`];
  if (ctx.resourceNames) details.push(ctx.resourceNames);
  if (ctx.manageUrl) details.push('', `${words.manage}: ${ctx.manageUrl}`);
  return {
    title: `${ctx.serviceName} ${words.with} ${ctx.providerName}`,
    start: ctx.start,
    end: ctx.end,
    details: details.join('\n'),
    location: ctx.location || undefined,
  };
}

export function templateVariables(ctx: MessageContext): Record<string, string> {
  const t = messageTime(ctx.start, ctx.end, ctx.timeZone, pickLocale(ctx.locale));
  const event = bookingCalendarEvent(ctx);
  const vars: Record<string, string> = {
    customerName: ctx.customerName,
    serviceName: ctx.serviceName,
    providerName: ctx.providerName,
    businessName: ctx.businessName,
    businessContact: ctx.businessContact ?? '',
    bookingId: ctx.bookingId,
    date: t.date,
    time: t.time,
    endDate: t.endDate,
    endTime: t.endTime,
    when: t.when,
    shortWhen: t.shortWhen,
    timeZone: t.timeZone,
    timeZoneName: t.timeZoneName,
    timeZoneShort: t.timeZoneShort,
    utcOffset: t.utcOffset,
    durationMinutes: String(t.durationMinutes),
    manageUrl: ctx.manageUrl ?? '',
    shortManageUrl: ctx.shortManageUrl || ctx.manageUrl || '',
    googleCalendarUrl: googleCalendarUrl(event),
    outlookCalendarUrl: outlookCalendarUrl(event),
    location: ctx.location ?? '',
    resourceNames: ctx.resourceNames ?? '',
    reason: ctx.reason ?? '',
    intakeText: (ctx.intake ?? []).map((a) => `${a.label}: ${a.value}`).join('\n'),
  };
  return vars;
}

// ---- rendering --------------------------------------------------------------------------------------

type View = Record<string, string | { label: string; value: string }[]>;

function view(ctx: MessageContext, vars: Record<string, string>, escape: (s: string) => string): View {
  const out: View = {};
  for (const [k, v] of Object.entries(vars)) out[k] = escape(v);
  out.intake = (ctx.intake ?? []).map((a) => ({ label: escape(a.label), value: escape(a.value) }));
  return out;
}

const identity = (s: string) => s;
/**
 * The five characters that matter in text and quoted attributes. Unlike mustache's default, '/' and '='
 * stay readable (URLs in href); templates quote their attributes.
 */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
const RAW = { escape: (value: unknown) => String(value) };

/** Bounded FIFO cache for parsed templates (the defaults stay hot; overrides churn). */
function boundedCache(max: number) {
  const map = new Map<string, unknown>();
  return {
    get: (key: string) => map.get(key),
    set: (key: string, value: unknown) => {
      if (map.size >= max) map.delete(map.keys().next().value!);
      map.set(key, value);
    },
    clear: () => map.clear(),
  };
}

const writer = new Mustache.Writer();
Object.assign(writer, { templateCache: boundedCache(256) });

function render(template: string, fallback: string, v: View): string {
  try {
    return writer.render(template, v, undefined, RAW);
  } catch {
    return writer.render(fallback, v, undefined, RAW);
  }
}

function merged(ctx: MessageContext, override: TemplateOverride | undefined): { chosen: MessageTemplate; defaults: MessageTemplate } {
  const defaults = defaultTemplate(ctx.kind, pickLocale(ctx.locale));
  const pick = (part: keyof MessageTemplate) => {
    const o = override?.[part];
    return typeof o === 'string' && o.trim() !== '' ? o : defaults[part];
  };
  return { chosen: { subject: pick('subject'), text: pick('text'), html: pick('html'), sms: pick('sms') }, defaults };
}

/** One line, no controls (CR/LF in a header is an injection), single spaces, trimmed. */
function singleLine(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const GSM_FOLD: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u201b\u2032]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00a0\u2007\u2009\u202f]/g, ' '],
  [/\u2192/g, '->'],
];

/** Typographic punctuation → ASCII, so one curly apostrophe in a name does not halve the SMS size. */
function gsmFriendly(s: string): string {
  return GSM_FOLD.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

export function renderEmail(ctx: MessageContext, override?: TemplateOverride): { subject: string; text: string; html: string } {
  const { chosen, defaults } = merged(ctx, override);
  const vars = templateVariables(ctx);
  const plain = view(ctx, vars, identity);
  return {
    subject: singleLine(render(chosen.subject, defaults.subject, plain)),
    text: render(chosen.text, defaults.text, plain),
    html: render(chosen.html, defaults.html, view(ctx, vars, escapeHtml)),
  };
}

export function renderSms(ctx: MessageContext, override?: TemplateOverride): { body: string; encoding: SmsEncoding; segments: number } {
  const { chosen, defaults } = merged(ctx, override);
  const body = gsmFriendly(render(chosen.sms, defaults.sms, view(ctx, templateVariables(ctx), identity))).trim();
  const { encoding, segments } = smsSegments(body);
  return { body, encoding, segments };
}

/**
 * The calendar invitation for this message, or null when the kind carries none (see `icsMethodFor`).
 * UID is `<externalRef>@<uidDomain>` (bookings.external_ref: random, so an invitation does not tell the
 * booking id, #21), or `<bookingId>@<uidDomain>` for a booking made before migration 0008, whose
 * invitations already carry that UID and must keep updating the same calendar entry. SEQUENCE is the
 * booking version; the manage link becomes the URL (not on a CANCEL).
 */
/**
 * The UID a booking's calendar entries carry (the e-mailed invitation, the widget's .ics download):
 * `<externalRef>@<domain>`, or `<bookingId>@<domain>` for a booking made before migration 0008.
 */
/** The right-hand side of every UID slotflow issues (RFC 5545 §3.8.4.7 suggests a domain; any stable text works). */
export const ICS_UID_DOMAIN = 'slotflow';

export function icsUidFor(b: { bookingId: string; externalRef: string | null | undefined }, uidDomain: string): string {
  return `${b.externalRef ?? b.bookingId}@${uidDomain}`;
}

export function renderIcs(
  ctx: MessageContext,
  o: {
    stamp: number;
    uidDomain: string;
    /** bookings.external_ref; null for a booking made before migration 0008. */
    externalRef: string | null;
    organizer: { name: string; email: string };
    attendee: { name: string; email: string };
    alarmMinutesBefore?: number[] | undefined;
  },
): string | null {
  const method = icsMethodFor(ctx.kind);
  if (!method) return null;
  const event = bookingCalendarEvent(ctx);
  return bookingIcs({
    method,
    uid: icsUidFor({ bookingId: ctx.bookingId, externalRef: o.externalRef }, o.uidDomain),
    sequence: ctx.version,
    stamp: o.stamp,
    start: ctx.start,
    end: ctx.end,
    summary: event.title,
    description: event.details,
    location: event.location,
    url: method === 'REQUEST' ? ctx.manageUrl || undefined : undefined,
    organizer: o.organizer,
    attendee: o.attendee,
    alarmMinutesBefore: o.alarmMinutesBefore,
  });
}

// ---- validation -------------------------------------------------------------------------------------

const MAX_TEMPLATE_LENGTH = 100_000;
const KNOWN = new Set(TEMPLATE_VARIABLES);

/**
 * null when `source` is a usable template, else a message for the admin who submitted it. Refused:
 * mustache syntax errors (unclosed/unopened sections and tags), partials (`{{> x}}`, none are provided),
 * a list used as a plain value (`{{intake}}`), variables not in TEMPLATE_VARIABLES / TEMPLATE_LISTS (a typo such as
 * `{{customer_name}}` would
 * otherwise render as nothing, silently), and templates over 100 000 characters.
 */
export function validateTemplate(source: string): string | null {
  if (typeof source !== 'string') return 'Template must be a string.';
  if (source.length > MAX_TEMPLATE_LENGTH) return `Template is too long (${source.length} characters, at most ${MAX_TEMPLATE_LENGTH}).`;
  let tokens: unknown[];
  try {
    tokens = writer.parse(source) as unknown[];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /^(.*) at (\d+)$/.exec(message);
    return at ? `Template syntax error: ${at[1]} (${position(source, Number(at[2]))}).` : `Template syntax error: ${message}.`;
  }
  return checkNames(source, tokens, []);
}

type Token = [string, string, number, number, Token[]?, number?];

function checkNames(source: string, tokens: unknown[], sections: string[]): string | null {
  for (const raw of tokens) {
    const [type, value, start, , children] = raw as Token;
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') return `Partials are not supported: "{{> ${value}}}" (${position(source, start)}).`;
    if ((type === 'name' || type === '&') && Object.hasOwn(TEMPLATE_LISTS, value)) {
      return `"${value}" is a list (${position(source, start)}); use {{#${value}}}…{{/${value}}} and its fields ${TEMPLATE_LISTS[value]!.join(', ')}.`;
    }
    if (!isKnown(value, sections)) {
      return `Unknown variable "${value}" (${position(source, start)}). Known variables: ${[...TEMPLATE_VARIABLES, ...Object.keys(TEMPLATE_LISTS)].join(', ')}.`;
    }
    if ((type === '#' || type === '^') && children) {
      const nested = checkNames(source, children, [...sections, value]);
      if (nested) return nested;
    }
  }
  return null;
}

function isKnown(name: string, sections: string[]): boolean {
  if (name === '.') return true; // the current item (e.g. {{#location}}{{.}}{{/location}})
  const root = name.split('.')[0]!;
  if (KNOWN.has(root) || Object.hasOwn(TEMPLATE_LISTS, root)) return true;
  return sections.some((s) => TEMPLATE_LISTS[s]?.includes(root) ?? false);
}

/** 'line 3, column 7' for a 0-based string index. */
function position(source: string, index: number): string {
  const before = source.slice(0, index).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
