/**
 * Default booking-message templates, per kind and locale, in mustache syntax. Variables: see
 * `templateVariables` in render-message.ts (the list admins write overrides against).
 *
 * Contracts the templates rely on (render-message.ts keeps them):
 * - Every variable is a string; an empty string is falsy, so `{{#location}}…{{/location}}` shows a block
 *   only when there is a location. `intake` is the one list ({ label, value } items).
 * - `subject` and `text` and `sms` are rendered without HTML escaping; `html` with every value
 *   HTML-escaped (also inside triple braces), so no template — default or override — can inject markup.
 * - Subjects are single-line after rendering; SMS bodies get typographic punctuation folded to ASCII.
 *
 * Content decisions:
 * - The manage link ("Reschedule or cancel") appears wherever the booking can still be changed:
 *   not in cancelled, declined and hold_expired messages.
 * - The customer's intake answers are repeated while the appointment is (or may become) on, and left out
 *   of cancelled, declined and hold_expired messages.
 * - "Add to Google Calendar" / "Add to Outlook" links (HTML only; plain text would be two 400-character
 *   URLs) for confirmation, rescheduled, approved and reminder.
 * - SMS bodies are ASCII apart from the variables; the reminder SMS has no names in it beyond the
 *   service so that it fits one GSM-7 segment (≤ 160) with a 24-character service name and a
 *   40-character short link in both locales (tested). The sender ID identifies the business.
 * - German addresses the customer formally (Sie) with the common "Hallo {{customerName}},".
 *
 * The final strings are composed from small blocks at module load, so every part below is a complete,
 * self-contained template: what an admin gets as a starting point for an override.
 */
import type { BookingMessageKind, MessageLocale } from './message-context.ts';

export type MessageTemplate = { subject: string; text: string; html: string; sms: string };

type Strings = {
  lang: string;
  hello: string;
  what: string;
  when: string;
  with: string;
  where: string;
  /** The rooms and equipment the booking holds. */
  room: string;
  answers: string;
  reason: string;
  changeLead: string;
  manage: string;
  google: string;
  outlook: string;
  footer: string;
};

const STRINGS: Record<MessageLocale, Strings> = {
  en: {
    lang: 'en',
    hello: 'Hi {{customerName}},',
    what: 'What',
    when: 'When',
    with: 'With',
    where: 'Where',
    room: 'Room & equipment',
    answers: 'Your answers',
    reason: 'Reason',
    changeLead: 'Need to make a change?',
    manage: 'Reschedule or cancel',
    google: 'Add to Google Calendar',
    outlook: 'Add to Outlook',
    footer: 'You are receiving this email because of a booking with {{businessName}}.',
  },
  de: {
    lang: 'de',
    hello: 'Hallo {{customerName}},',
    what: 'Was',
    when: 'Wann',
    with: 'Bei',
    where: 'Wo',
    room: 'Raum & Ausstattung',
    answers: 'Ihre Angaben',
    reason: 'Grund',
    changeLead: 'Möchten Sie etwas ändern?',
    manage: 'Termin verschieben oder absagen',
    google: 'Zu Google Kalender hinzufügen',
    outlook: 'Zu Outlook hinzufügen',
    footer: 'Sie erhalten diese E-Mail aufgrund einer Buchung bei {{businessName}}.',
  },
};

/** What differs between kinds; the rest is layout. Intro/outro are mustache, plain text (no markup). */
type KindContent = {
  subject: string;
  /** Paragraphs after the greeting. */
  intro: string[];
  /** Paragraphs after the details (before the sign-off). */
  outro: string[];
  signoff: string;
  manage: boolean;
  calendar: boolean;
  reason: boolean;
  /** The customer's intake answers: shown while the appointment is on, not in a goodbye. */
  intake: boolean;
  sms: string;
};

const EN: Record<BookingMessageKind, KindContent> = {
  confirmation: {
    subject: 'Confirmed: {{serviceName}} on {{date}} at {{time}}',
    intro: ['Your booking with {{businessName}} is confirmed.'],
    outro: [],
    signoff: 'See you soon,',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Hi {{customerName}}, your {{serviceName}} with {{providerName}} on {{shortWhen}} is confirmed.{{#shortManageUrl}} Reschedule or cancel: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  reminder: {
    subject: 'Reminder: {{serviceName}} on {{date}} at {{time}}',
    intro: ['This is a friendly reminder of your upcoming appointment with {{businessName}}.'],
    outro: [],
    signoff: 'See you soon,',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Reminder: {{serviceName}} on {{shortWhen}}.{{#shortManageUrl}} Reschedule or cancel: {{shortManageUrl}}{{/shortManageUrl}}',
  },
  rescheduled: {
    subject: 'Rescheduled: {{serviceName}} is now on {{date}} at {{time}}',
    intro: ['Your appointment with {{businessName}} has been moved to a new time; your previous time is no longer reserved. Here are the new details:'],
    outro: [],
    signoff: 'See you soon,',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Hi {{customerName}}, your {{serviceName}} with {{providerName}} has been moved to {{shortWhen}}.{{#shortManageUrl}} Reschedule or cancel: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  cancelled: {
    subject: 'Cancelled: {{serviceName}} on {{date}} at {{time}}',
    intro: ['Your appointment with {{businessName}} has been cancelled.'],
    outro: ['If you would like a new appointment, you are welcome to book again at any time.'],
    signoff: 'Kind regards,',
    manage: false,
    calendar: false,
    reason: true,
    intake: false,
    sms: 'Hi {{customerName}}, your {{serviceName}} on {{shortWhen}} has been cancelled.{{#reason}} Reason: {{reason}}{{/reason}} - {{businessName}}',
  },
  hold_expiring: {
    subject: 'Please confirm: {{serviceName}} on {{date}} at {{time}}',
    intro: [
      'We are holding the time below for you, but your booking is not complete yet. Please confirm it soon; otherwise the reservation expires and the time is released.',
    ],
    outro: [],
    signoff: 'Kind regards,',
    manage: true,
    calendar: false,
    reason: false,
    intake: true,
    sms: 'Hi {{customerName}}, your reservation for {{serviceName}} on {{shortWhen}} expires soon. Reply C to confirm.{{#shortManageUrl}} Details: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  hold_expired: {
    subject: 'Your reservation for {{serviceName}} has expired',
    intro: ['We held the time below for you, but the booking was not completed in time, so the reservation has expired and the time has been released.'],
    outro: ['If you still want this appointment, please book again; the time may still be available.'],
    signoff: 'Kind regards,',
    manage: false,
    calendar: false,
    reason: false,
    intake: false,
    sms: 'Hi {{customerName}}, your reservation for {{serviceName}} on {{shortWhen}} has expired, so it was not booked. - {{businessName}}',
  },
  approval_pending: {
    subject: 'Request received: {{serviceName}} on {{date}} at {{time}}',
    intro: [
      'Thank you for your booking request. {{businessName}} will review it, and we will email you as soon as it has been approved or declined.',
      'Please note: this time is not confirmed yet.',
    ],
    outro: [],
    signoff: 'Kind regards,',
    manage: true,
    calendar: false,
    reason: false,
    intake: true,
    sms: 'Hi {{customerName}}, we received your request for {{serviceName}} on {{shortWhen}}. It is not confirmed yet; we will let you know.{{#shortManageUrl}} Reschedule or cancel: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  approved: {
    subject: 'Approved: {{serviceName}} on {{date}} at {{time}}',
    intro: ['Good news: {{businessName}} has approved your booking request. Your appointment is confirmed.'],
    outro: [],
    signoff: 'See you soon,',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Hi {{customerName}}, your request for {{serviceName}} on {{shortWhen}} has been approved.{{#shortManageUrl}} Reschedule or cancel: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  manage_link: {
    subject: 'Your booking link: {{serviceName}} on {{date}} at {{time}}',
    intro: ['You asked for the link to your booking with {{businessName}}. It always shows your booking as it is now.'],
    outro: ['If you did not ask for this, you can ignore this email: nothing has changed.'],
    signoff: 'Kind regards,',
    manage: true,
    calendar: false,
    reason: false,
    intake: true,
    sms: 'Hi {{customerName}}, your {{serviceName}} on {{shortWhen}}.{{#shortManageUrl}} Manage it: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  declined: {
    subject: 'Request declined: {{serviceName}} on {{date}} at {{time}}',
    intro: ['Unfortunately, {{businessName}} could not accept your booking request.'],
    outro: ['You are welcome to choose another time.'],
    signoff: 'Kind regards,',
    manage: false,
    calendar: false,
    reason: true,
    intake: false,
    sms: 'Hi {{customerName}}, sorry, your request for {{serviceName}} on {{shortWhen}} could not be accepted.{{#reason}} Reason: {{reason}}{{/reason}} - {{businessName}}',
  },
};

const DE: Record<BookingMessageKind, KindContent> = {
  confirmation: {
    subject: 'Bestätigt: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: ['Ihre Buchung bei {{businessName}} ist bestätigt.'],
    outro: [],
    signoff: 'Bis bald',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Hallo {{customerName}}, Ihr Termin {{serviceName}} bei {{providerName}} am {{shortWhen}} ist bestätigt.{{#shortManageUrl}} Verschieben oder absagen: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  reminder: {
    subject: 'Erinnerung: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: ['Wir möchten Sie an Ihren bevorstehenden Termin bei {{businessName}} erinnern.'],
    outro: [],
    signoff: 'Bis bald',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Erinnerung: {{serviceName}} am {{shortWhen}}.{{#shortManageUrl}} Verschieben oder absagen: {{shortManageUrl}}{{/shortManageUrl}}',
  },
  rescheduled: {
    subject: 'Verschoben: {{serviceName}} jetzt am {{date}} um {{time}} Uhr',
    intro: [
      'Ihr Termin bei {{businessName}} wurde auf eine neue Zeit verschoben; der bisherige Termin ist nicht mehr für Sie reserviert. Das sind die neuen Details:',
    ],
    outro: [],
    signoff: 'Bis bald',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Hallo {{customerName}}, Ihr Termin {{serviceName}} bei {{providerName}} wurde auf {{shortWhen}} verschoben.{{#shortManageUrl}} Verschieben oder absagen: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  cancelled: {
    subject: 'Abgesagt: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: ['Ihr Termin bei {{businessName}} wurde abgesagt.'],
    outro: ['Wenn Sie einen neuen Termin möchten, können Sie jederzeit wieder buchen.'],
    signoff: 'Viele Grüße',
    manage: false,
    calendar: false,
    reason: true,
    intake: false,
    sms: 'Hallo {{customerName}}, Ihr Termin {{serviceName}} am {{shortWhen}} wurde abgesagt.{{#reason}} Grund: {{reason}}{{/reason}} - {{businessName}}',
  },
  hold_expiring: {
    subject: 'Bitte bestätigen: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: [
      'Wir halten den folgenden Termin für Sie frei, aber Ihre Buchung ist noch nicht abgeschlossen. Bitte bestätigen Sie sie bald; sonst läuft die Reservierung ab und der Termin wird wieder freigegeben.',
    ],
    outro: [],
    signoff: 'Viele Grüße',
    manage: true,
    calendar: false,
    reason: false,
    intake: true,
    sms: 'Hallo {{customerName}}, Ihre Reservierung für {{serviceName}} am {{shortWhen}} läuft bald ab. Antworten Sie C zum Bestätigen.{{#shortManageUrl}} Details: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  hold_expired: {
    subject: 'Ihre Reservierung für {{serviceName}} ist abgelaufen',
    intro: [
      'Wir hatten den folgenden Termin für Sie reserviert, aber die Buchung wurde nicht rechtzeitig abgeschlossen. Die Reservierung ist daher abgelaufen und der Termin wieder freigegeben.',
    ],
    outro: ['Wenn Sie den Termin weiterhin möchten, buchen Sie bitte erneut; vielleicht ist er noch frei.'],
    signoff: 'Viele Grüße',
    manage: false,
    calendar: false,
    reason: false,
    intake: false,
    sms: 'Hallo {{customerName}}, Ihre Reservierung für {{serviceName}} am {{shortWhen}} ist abgelaufen; der Termin wurde nicht gebucht. - {{businessName}}',
  },
  approval_pending: {
    subject: 'Anfrage erhalten: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: [
      'Vielen Dank für Ihre Buchungsanfrage. {{businessName}} prüft sie, und wir schreiben Ihnen, sobald sie angenommen oder abgelehnt wurde.',
      'Bitte beachten Sie: Der Termin ist noch nicht bestätigt.',
    ],
    outro: [],
    signoff: 'Viele Grüße',
    manage: true,
    calendar: false,
    reason: false,
    intake: true,
    sms: 'Hallo {{customerName}}, wir haben Ihre Anfrage für {{serviceName}} am {{shortWhen}} erhalten. Sie ist noch nicht bestätigt; wir melden uns.{{#shortManageUrl}} Verschieben oder absagen: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  approved: {
    subject: 'Angenommen: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: ['Gute Nachrichten: {{businessName}} hat Ihre Buchungsanfrage angenommen. Ihr Termin ist bestätigt.'],
    outro: [],
    signoff: 'Bis bald',
    manage: true,
    calendar: true,
    reason: false,
    intake: true,
    sms: 'Hallo {{customerName}}, Ihre Anfrage für {{serviceName}} am {{shortWhen}} wurde angenommen.{{#shortManageUrl}} Verschieben oder absagen: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  manage_link: {
    subject: 'Ihr Buchungslink: {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: ['Sie haben den Link zu Ihrer Buchung bei {{businessName}} angefordert. Er zeigt Ihre Buchung immer so, wie sie gerade ist.'],
    outro: ['Wenn Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren: Es hat sich nichts geändert.'],
    signoff: 'Viele Grüße',
    manage: true,
    calendar: false,
    reason: false,
    intake: true,
    sms: 'Hallo {{customerName}}, Ihr Termin {{serviceName}} am {{shortWhen}}.{{#shortManageUrl}} Verwalten: {{shortManageUrl}}{{/shortManageUrl}} - {{businessName}}',
  },
  declined: {
    subject: 'Abgelehnt: Ihre Anfrage für {{serviceName}} am {{date}} um {{time}} Uhr',
    intro: ['Leider konnte {{businessName}} Ihre Buchungsanfrage nicht annehmen.'],
    outro: ['Gerne können Sie einen anderen Termin wählen.'],
    signoff: 'Viele Grüße',
    manage: false,
    calendar: false,
    reason: true,
    intake: false,
    sms: 'Hallo {{customerName}}, leider konnte Ihre Anfrage für {{serviceName}} am {{shortWhen}} nicht angenommen werden.{{#reason}} Grund: {{reason}}{{/reason}} - {{businessName}}',
  },
};

// ---- plain text -------------------------------------------------------------------------------------

function textTemplate(s: Strings, k: KindContent): string {
  // Mustache drops "standalone" section lines, so each {{#x}} / {{/x}} sits on its own line.
  const lines = [s.hello, '', ...paragraphs(k.intro), `${s.what}: {{serviceName}}`, `${s.when}: {{when}}`, `${s.with}: {{providerName}}`];
  lines.push('{{#resourceNames}}', `${s.room}: {{resourceNames}}`, '{{/resourceNames}}');
  lines.push('{{#location}}', `${s.where}: {{location}}`, '{{/location}}');
  if (k.reason) lines.push('{{#reason}}', `${s.reason}: {{reason}}`, '{{/reason}}');
  if (k.intake) lines.push('{{#intakeText}}', '', `${s.answers}:`, '{{intakeText}}', '{{/intakeText}}');
  if (k.manage) lines.push('{{#manageUrl}}', '', `${s.changeLead} ${s.manage}: {{manageUrl}}`, '{{/manageUrl}}');
  for (const p of k.outro) lines.push('', p);
  lines.push('', k.signoff, '{{businessName}}', '{{#businessContact}}', '{{businessContact}}', '{{/businessContact}}', '');
  return lines.join('\n');
}

function paragraphs(ps: string[]): string[] {
  return ps.flatMap((p) => [p, '']);
}

// ---- HTML -------------------------------------------------------------------------------------------

const P = 'margin:0 0 16px;';
const ROW = 'margin:0 0 4px;';

function htmlTemplate(s: Strings, k: KindContent): string {
  const body: string[] = [
    `<p style="${P}">${s.hello}</p>`,
    ...k.intro.map((p) => `<p style="${P}">${p}</p>`),
    '<div style="margin:0 0 16px;padding:16px;border-left:4px solid #2563eb;background-color:#f1f5ff;">',
    `<p style="${ROW}"><strong>${s.what}:</strong> {{serviceName}}</p>`,
    `<p style="${ROW}"><strong>${s.when}:</strong> {{when}}</p>`,
    `<p style="${ROW}"><strong>${s.with}:</strong> {{providerName}}</p>`,
    '{{#resourceNames}}',
    `<p style="${ROW}"><strong>${s.room.replace(/&/g, '&amp;')}:</strong> {{resourceNames}}</p>`,
    '{{/resourceNames}}',
    '{{#location}}',
    `<p style="${ROW}"><strong>${s.where}:</strong> {{location}}</p>`,
    '{{/location}}',
    '</div>',
  ];
  if (k.reason) body.push('{{#reason}}', `<p style="${P}"><strong>${s.reason}:</strong> {{reason}}</p>`, '{{/reason}}');
  if (k.intake) {
    body.push(
      '{{#intakeText}}',
      `<p style="${ROW}"><strong>${s.answers}:</strong></p>`,
      `<ul style="${P}padding-left:20px;">`,
      '{{#intake}}',
      '<li>{{label}}: {{value}}</li>',
      '{{/intake}}',
      '</ul>',
      '{{/intakeText}}',
    );
  }
  if (k.manage) {
    body.push(
      '{{#manageUrl}}',
      `<p style="${P}">${s.changeLead}</p>`,
      `<p style="margin:0 0 24px;"><a href="{{manageUrl}}" style="display:inline-block;padding:10px 18px;border-radius:6px;background-color:#2563eb;color:#ffffff;text-decoration:none;font-weight:bold;">${s.manage}</a></p>`,
      '{{/manageUrl}}',
    );
  }
  if (k.calendar) {
    body.push(
      `<p style="${P}font-size:14px;"><a href="{{googleCalendarUrl}}" style="color:#2563eb;">${s.google}</a> &nbsp;|&nbsp; <a href="{{outlookCalendarUrl}}" style="color:#2563eb;">${s.outlook}</a></p>`,
    );
  }
  body.push(
    ...k.outro.map((p) => `<p style="${P}">${p}</p>`),
    `<p style="margin:0;">${k.signoff}<br>{{businessName}}{{#businessContact}}<br>{{businessContact}}{{/businessContact}}</p>`,
  );

  return [
    '<!DOCTYPE html>',
    `<html lang="${s.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>{{businessName}}</title>',
    '</head>',
    '<body style="margin:0;padding:0;background-color:#f4f5f7;">',
    '<div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933;">',
    '<div style="background-color:#ffffff;border-radius:8px;padding:24px;">',
    ...body,
    '</div>',
    `<p style="margin:16px 0 0;font-size:12px;color:#6b7280;text-align:center;">${s.footer}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---- assembly ---------------------------------------------------------------------------------------

function build(locale: MessageLocale, content: Record<BookingMessageKind, KindContent>): Record<BookingMessageKind, MessageTemplate> {
  const s = STRINGS[locale];
  const out = {} as Record<BookingMessageKind, MessageTemplate>;
  for (const kind of Object.keys(content) as BookingMessageKind[]) {
    const k = content[kind];
    out[kind] = Object.freeze({ subject: k.subject, text: textTemplate(s, k), html: htmlTemplate(s, k), sms: k.sms });
  }
  return Object.freeze(out);
}

export const DEFAULT_TEMPLATES: Readonly<Record<MessageLocale, Readonly<Record<BookingMessageKind, MessageTemplate>>>> = Object.freeze({
  en: build('en', EN),
  de: build('de', DE),
});

export function defaultTemplate(kind: BookingMessageKind, locale: MessageLocale): MessageTemplate {
  return DEFAULT_TEMPLATES[locale][kind];
}
