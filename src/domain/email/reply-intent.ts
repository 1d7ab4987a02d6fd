/**
 * What a reply in a thread asks for: one of the proposed times ("2", "the second one", "10:30 works",
 * "ja, die 2", "Dienstag passt"), a cancellation ("cancel", "absagen", "stornieren"), another time
 * ("reschedule", "move to Friday", "verschieben"), or none of these. A time is matched only against the
 * proposals that were sent, never guessed: a number outside 1…n, or a time or weekday that fits none or
 * several of them, is not a choice. Pure.
 *
 * "cancel" must stand as a word ("cancellation policy?" is not a cancellation); cancel and move words win
 * over a number ("cancel 2" cancels).
 */
import { isoWeekday, localDate, localParts } from '../time/zones.ts';
import type { WishLocale } from './language.ts';
import { WEEKDAYS } from './weekdays.ts';

export type Proposal = { start: number };
/**
 * `choose`: `index` into the proposals (0-based); -1 when a bare number came but no proposals are out
 * (they lapsed) — the caller says so and offers fresh ones.
 */
export type ReplyIntent = { kind: 'choose'; index: number } | { kind: 'cancel' } | { kind: 'reschedule' } | { kind: 'none' };

const CANCEL =
  /\b(cancel|cancel it|please cancel|call off|can'?t make it|cannot make it|won'?t make it|absagen|absage|sage (ich )?(den termin )?ab|storniere?n?|stornierung|kann nicht kommen|komme nicht)\b/u;
const RESCHEDULE =
  /\b(reschedule|re-schedule|move|another (time|day|date)|different (time|day|date)|change the (time|date|day)|verschieben|verlegen|umbuchen|anderen termin|andere zeit|anderen tag)\b/u;
const ORDINALS: Record<string, number | 'last'> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  last: 'last',
  one: 1,
  two: 2,
  three: 3,
  erste: 1,
  ersten: 1,
  erster: 1,
  erstes: 1,
  zweite: 2,
  zweiten: 2,
  zweiter: 2,
  zweites: 2,
  dritte: 3,
  dritten: 3,
  dritter: 3,
  drittes: 3,
  letzte: 'last',
  letzten: 'last',
  letzter: 'last',
  eins: 1,
  zwei: 2,
  drei: 3,
};
/** Clock times: 10:30, 10.30, 14 uhr, 2pm, 14h. */
const TIME = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(uhr|h|am|pm)?\b/gu;

function clockOf(m: RegExpMatchArray): number | null {
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (m[2] === undefined && m[3] === undefined) return null; // a bare number is a choice, not a time
  if (m[3] === 'pm' && hour < 12) hour += 12;
  if (m[3] === 'am' && hour === 12) hour = 0;
  return hour < 24 && minute < 60 ? hour * 60 + minute : null;
}

export function replyIntent(text: string, opts: { proposals: readonly Proposal[]; timeZone: string; locale: WishLocale; referenceMs: number }): ReplyIntent {
  const lower = text.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 1_000);
  if (CANCEL.test(lower)) return { kind: 'cancel' };
  if (RESCHEDULE.test(lower)) return { kind: 'reschedule' };
  const n = opts.proposals.length;
  if (n === 0) return /^\W*#?\s*[1-9]\W*$/u.test(lower) ? { kind: 'choose', index: -1 } : { kind: 'none' };
  const pick = (i: number): ReplyIntent => (i >= 1 && i <= n ? { kind: 'choose', index: i - 1 } : { kind: 'none' });

  // A time that fits exactly one proposal.
  const times = [...lower.matchAll(TIME)].map(clockOf).filter((t): t is number => t !== null);
  const local = opts.proposals.map((p) => {
    const lp = localParts(p.start, opts.timeZone);
    return { minute: lp.hour * 60 + lp.minute, weekday: isoWeekday(localDate(p.start, opts.timeZone)) };
  });
  if (times.length > 0) {
    const hits = local.map((l, i) => (times.includes(l.minute) ? i : -1)).filter((i) => i >= 0);
    const weekday = Object.entries(WEEKDAYS).find(([w]) => new RegExp(`\\b${w}\\b`, 'u').test(lower))?.[1];
    const narrowed = weekday ? hits.filter((i) => local[i]!.weekday === weekday) : hits;
    return narrowed.length === 1 ? { kind: 'choose', index: narrowed[0]! } : { kind: 'none' };
  }
  // A number standing alone (not part of a date or a time): "2", "2.", "nr. 2", "#2", "die 2", "option 2".
  const numbers = [...lower.matchAll(/(?:^|[^\d.:/])([1-9])(?![\d:]|\.\d)/gu)].map((m) => Number(m[1]));
  const distinct = [...new Set(numbers)];
  if (distinct.length === 1) return pick(distinct[0]!);
  if (distinct.length > 1) return { kind: 'none' };
  // Ordinal words: "the second one", "die zweite", "den ersten Termin", "number two".
  const words = lower.match(/[\p{L}\d]+/gu) ?? [];
  // "one" is also a pronoun ("the second one"): it counts only when no other ordinal is there.
  const named = words.filter((w) => ORDINALS[w] !== undefined);
  const ordinals = [...new Set((named.some((w) => w !== 'one') ? named.filter((w) => w !== 'one') : named).map((w) => ORDINALS[w]!))];
  if (ordinals.length === 1) return pick(ordinals[0] === 'last' ? n : (ordinals[0] as number));
  // A weekday that fits exactly one proposal: "Tuesday works", "Dienstag passt".
  const days = [...new Set(words.map((w) => WEEKDAYS[w.replace(/s$/, '')]).filter((d) => d !== undefined))];
  if (days.length === 1) {
    const hits = local.map((l, i) => (l.weekday === days[0] ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 1) return { kind: 'choose', index: hits[0]! };
  }
  return { kind: 'none' };
}
