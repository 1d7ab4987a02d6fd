/**
 * Replies in a thread (src/domain/email/reply-intent.ts): a choice among the proposals that were sent —
 * by number, ordinal, time or weekday, matched only against them — a cancellation, a wish to move, or
 * nothing. Proposals: Tuesday 31 March 2026 at 10:00 and 10:30 and Wednesday 1 April at 14:00 (Berlin).
 */
import { describe, expect, it } from 'vitest';
import { replyIntent, type ReplyIntent } from '../../../src/domain/email/reply-intent.ts';
import type { WishLocale } from '../../../src/domain/email/language.ts';

const ZONE = 'Europe/Berlin';
const PROPOSALS = [Date.UTC(2026, 2, 31, 8, 0), Date.UTC(2026, 2, 31, 8, 30), Date.UTC(2026, 3, 1, 12, 0)].map((start) => ({ start }));
const REF = Date.UTC(2026, 2, 26, 9, 0);
const intent = (text: string, locale: WishLocale = 'en', proposals = PROPOSALS) => replyIntent(text, { proposals, timeZone: ZONE, locale, referenceMs: REF });
const choose = (index: number): ReplyIntent => ({ kind: 'choose', index });

describe('replyIntent', () => {
  it.each<[string, WishLocale, ReplyIntent]>([
    ['2', 'en', choose(1)],
    ['2.', 'en', choose(1)],
    ['  3 ', 'en', choose(2)],
    ['#1', 'en', choose(0)],
    ['Nr. 2 bitte', 'de', choose(1)],
    ['option 3 please', 'en', choose(2)],
    ['ja, die 2', 'de', choose(1)],
    ['the second one', 'en', choose(1)],
    ['The first one works for me', 'en', choose(0)],
    ['number three', 'en', choose(2)],
    ['die zweite bitte', 'de', choose(1)],
    ['den ersten Termin', 'de', choose(0)],
    ['der letzte passt', 'de', choose(2)],
    ['10:30 works', 'en', choose(1)],
    ['Ja, 10:30 passt', 'de', choose(1)],
    ['14 Uhr passt', 'de', choose(2)],
    ['2pm is fine', 'en', choose(2)],
    ['Tuesday at 10:00 please', 'en', choose(0)],
    ['Mittwoch passt', 'de', choose(2)],
    ['cancel', 'en', { kind: 'cancel' }],
    ['Please cancel my appointment, sorry!', 'en', { kind: 'cancel' }],
    ['Bitte absagen', 'de', { kind: 'cancel' }],
    ['Ich muss leider stornieren', 'de', { kind: 'cancel' }],
    ["I can't make it", 'en', { kind: 'cancel' }],
    ['cancel 2', 'en', { kind: 'cancel' }],
    ['Could you move it to Friday?', 'en', { kind: 'reschedule' }],
    ['reschedule please', 'en', { kind: 'reschedule' }],
    ['Können wir den Termin verschieben?', 'de', { kind: 'reschedule' }],
    ['Haben Sie einen anderen Termin?', 'de', { kind: 'reschedule' }],
    ['5', 'en', { kind: 'none' }],
    ['Tuesday works', 'en', { kind: 'none' }], // two proposals on Tuesday: which one?
    ['11:00 works', 'en', { kind: 'none' }], // not proposed: never guessed
    ['1 or 2, whichever', 'en', { kind: 'none' }],
    ['What is your cancellation policy?', 'en', { kind: 'none' }],
    ['Thanks!', 'en', { kind: 'none' }],
    // Times without am / pm, dates, counts, number words, ordinals in other senses.
    ['at 2 works', 'en', choose(2)], // 2:00 or 14:00: only 14:00 was proposed
    ['2 Uhr passt', 'de', choose(2)],
    ['Dienstag um 10:30', 'de', choose(1)],
    ['am 1.4. passt', 'de', choose(2)],
    ['April 1st works', 'en', choose(2)],
    ['We are 2 people, option 3', 'en', choose(2)],
    ['yes, two please', 'en', choose(1)],
    ['the two of us will come', 'en', { kind: 'none' }],
    ['First of all, thanks! The second one please', 'en', choose(1)],
    ['das erste Mal bei Ihnen, die dritte bitte', 'de', choose(2)],
    ['I was there last week', 'en', { kind: 'none' }],
    ['Ich komme nicht vor 14 Uhr weg', 'de', { kind: 'none' }], // a wish about times, not a choice
    // The reply with the quoted offer already removed: greeting, choice, signature with a phone number.
    ['Hallo,\n\nja, die 2 passt.\n\nViele Grüße\nAnna Müller\nTel. +49 171 2345678', 'de', choose(1)],
    ['Yes!\n\nBest regards\nAnna\n+49 171 2345678', 'en', { kind: 'none' }],
    // Cancelling must be a request.
    ["Please don't cancel", 'en', { kind: 'none' }],
    ['Bitte nicht stornieren', 'de', { kind: 'none' }],
    ['Can I cancel if I am ill?', 'en', { kind: 'none' }],
    ['Bis wann kann ich kostenlos stornieren?', 'de', { kind: 'none' }],
    ['Can you cancel my appointment please?', 'en', { kind: 'cancel' }],
    ['Ich sage den Termin ab.', 'de', { kind: 'cancel' }],
    ['Ich kann leider nicht kommen.', 'de', { kind: 'cancel' }],
    ["I can't make it on Tuesday, could we do Friday instead?", 'en', { kind: 'reschedule' }],
    // Declining, moving; umlauts written out.
    ['Dienstag passt leider nicht', 'de', { kind: 'reschedule' }],
    ['None of these work for me', 'en', { kind: 'reschedule' }],
    ['Koennen wir den Termin verschieben?', 'de', { kind: 'reschedule' }],
    ['UMBUCHEN bitte', 'de', { kind: 'reschedule' }],
  ])('%j (%s)', (text, locale, expected) => {
    expect(intent(text, locale)).toEqual(expected);
  });

  it('with no proposals out, a bare number is a choice of lapsed times (index -1); anything else is none', () => {
    expect(intent('2', 'en', [])).toEqual({ kind: 'choose', index: -1 });
    expect(intent('10:30 works', 'en', [])).toEqual({ kind: 'none' });
  });
});
