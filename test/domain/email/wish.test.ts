/**
 * What a customer's words mean as a window (src/domain/email/wish.ts): a table of English and German
 * phrasings at fixed reference instants — the week before each of the four DST changes of 2026 (EU: 29
 * March, 25 October; US: 8 March, 1 November) — with the instants checked across the changes, and the whole
 * table run again under three machine zones (results must not move), plus a property test.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inWish, understandWish, wishRange, type Wish } from '../../../src/domain/email/wish.ts';
import type { WishLocale } from '../../../src/domain/email/language.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
/** Thursday 26 March 2026, 10:00 in Berlin (CET), three days before the EU spring change. */
const SPRING = Date.UTC(2026, 2, 26, 9, 0);
/** Thursday 22 October 2026, 10:00 in Berlin (CEST), three days before the EU autumn change. */
const AUTUMN = Date.UTC(2026, 9, 22, 8, 0);
/** Thursday 5 March 2026, 10:00 in New York (EST), three days before the US spring change. */
const US_SPRING = Date.UTC(2026, 2, 5, 15, 0);
/** Thursday 29 October 2026, 10:00 in New York (EDT), three days before the US autumn change. */
const US_AUTUMN = Date.UTC(2026, 9, 29, 14, 0);

type Row = [text: string, locale: WishLocale, ref: number, zone: string, expected: Partial<Wish>];
const day = (d: string, from = 0, to = 1440): Partial<Wish> => ({ fromDate: d, toDate: d, fromMinute: from, toMinute: to });
const at = (d: string, minute: number): Partial<Wish> => ({ ...day(d), atMinute: minute });

const TABLE: Row[] = [
  ['next Tuesday afternoon', 'en', SPRING, BERLIN, day('2026-03-31', 720, 1020)],
  ['Hi, could I come in for a haircut next Tuesday afternoon?', 'en', SPRING, BERLIN, day('2026-03-31', 720, 1020)],
  ['tomorrow at 10', 'en', SPRING, BERLIN, at('2026-03-27', 600)],
  ['any time Friday', 'en', SPRING, BERLIN, day('2026-03-27')],
  ['tomorrow morning', 'en', SPRING, BERLIN, day('2026-03-27', 0, 720)],
  ['Monday evening', 'en', SPRING, BERLIN, day('2026-03-30', 1020, 1440)],
  ['Saturday at 9:30', 'en', SPRING, BERLIN, at('2026-03-28', 570)],
  ['at 2pm', 'en', SPRING, BERLIN, at('2026-03-26', 840)],
  ['at 9am', 'en', SPRING, BERLIN, at('2026-03-27', 540)],
  ['after 3pm on Thursday', 'en', SPRING, BERLIN, day('2026-03-26', 900, 1440)],
  ['before 11 tomorrow', 'en', SPRING, BERLIN, day('2026-03-27', 0, 660)],
  ['the day after tomorrow in the afternoon', 'en', SPRING, BERLIN, day('2026-03-28', 720, 1020)],
  ['Friday at noon', 'en', SPRING, BERLIN, day('2026-03-27', 660, 840)],
  ['next week', 'en', SPRING, BERLIN, { fromDate: '2026-03-30', toDate: '2026-04-05', fromMinute: 0, toMinute: 1440 }],
  ['any time next week', 'en', SPRING, BERLIN, { fromDate: '2026-03-30', toDate: '2026-04-05', fromMinute: 0, toMinute: 1440 }],
  ['this week', 'en', SPRING, BERLIN, { fromDate: '2026-03-26', toDate: '2026-03-29' }],
  ['December 12 at 11:00', 'en', SPRING, BERLIN, at('2026-12-12', 660)],
  ['in two weeks', 'en', SPRING, BERLIN, day('2026-04-09')],
  ['on 11/12 at 9am', 'en', SPRING, BERLIN, at('2026-12-11', 540)],
  ['on 11/12 at 9am', 'en', US_SPRING, NEW_YORK, at('2026-11-12', 540)],
  ['on 29 March at 2:30 am', 'en', SPRING, BERLIN, at('2026-03-29', 150)],
  ['morgen um 10', 'de', SPRING, BERLIN, at('2026-03-27', 600)],
  ['Hallo, ich hätte gerne einen Haarschnitt morgen um 14 Uhr. Viele Grüße, Clara', 'de', SPRING, BERLIN, at('2026-03-27', 840)],
  ['nächste Woche Montag früh', 'de', SPRING, BERLIN, day('2026-03-30', 0, 720)],
  ['am 12.12. ab 14 Uhr', 'de', SPRING, BERLIN, day('2026-12-12', 840, 1440)],
  ['Termin am 15.12. um 9:00', 'de', SPRING, BERLIN, at('2026-12-15', 540)],
  ['übermorgen nachmittags', 'de', SPRING, BERLIN, day('2026-03-28', 720, 1020)],
  ['Freitag egal wann', 'de', SPRING, BERLIN, day('2026-03-27')],
  ['vor 11 Uhr am Mittwoch', 'de', SPRING, BERLIN, day('2026-04-01', 0, 660)],
  ['am Dienstag um 16:30 Uhr', 'de', SPRING, BERLIN, at('2026-03-31', 990)],
  ['morgen ab 15 Uhr', 'de', SPRING, BERLIN, day('2026-03-27', 900, 1440)],
  ['morgen früh', 'de', SPRING, BERLIN, day('2026-03-27', 0, 720)],
  ['heute Abend', 'de', SPRING, BERLIN, day('2026-03-26', 1020, 1440)],
  ['Mittwoch mittags', 'de', SPRING, BERLIN, day('2026-04-01', 660, 840)],
  ['kommende Woche vormittags', 'de', SPRING, BERLIN, { fromDate: '2026-03-30', toDate: '2026-04-05', fromMinute: 0, toMinute: 720 }],
  ['diese Woche nachmittags', 'de', SPRING, BERLIN, { fromDate: '2026-03-26', toDate: '2026-03-29', fromMinute: 720, toMinute: 1020 }],
  ['nächsten Montag', 'de', SPRING, BERLIN, day('2026-03-30')],
  ['am 30.3. um 10 Uhr', 'de', SPRING, BERLIN, at('2026-03-30', 600)],
  ['Monday at 10', 'en', AUTUMN, BERLIN, at('2026-10-26', 600)],
  ['Samstag um 10', 'de', AUTUMN, BERLIN, at('2026-10-24', 600)],
  ['Sunday at 2:30am', 'en', AUTUMN, BERLIN, at('2026-10-25', 150)],
  ['nächste Woche Dienstag nachmittags', 'de', AUTUMN, BERLIN, day('2026-10-27', 720, 1020)],
  ['Sunday at 2:30 am', 'en', US_SPRING, NEW_YORK, at('2026-03-08', 150)],
  ['Monday morning', 'en', US_SPRING, NEW_YORK, day('2026-03-09', 0, 720)],
  ['Monday at 9am', 'en', US_AUTUMN, NEW_YORK, at('2026-11-02', 540)],
  ['Tuesday after 5pm', 'en', US_AUTUMN, NEW_YORK, day('2026-11-03', 1020, 1440)],
  // Ranges of days and of times.
  ['Monday to Wednesday', 'en', SPRING, BERLIN, { fromDate: '2026-03-30', toDate: '2026-04-01', fromMinute: 0, toMinute: 1440 }],
  ['von Montag bis Mittwoch nachmittags', 'de', SPRING, BERLIN, { fromDate: '2026-03-30', toDate: '2026-04-01', fromMinute: 720, toMinute: 1020 }],
  ['between 2 and 4pm on Friday', 'en', SPRING, BERLIN, day('2026-03-27', 840, 960)],
  ['zwischen 14 und 16 Uhr am Freitag', 'de', SPRING, BERLIN, day('2026-03-27', 840, 960)],
  ['morgen von 10 bis 12 Uhr', 'de', SPRING, BERLIN, day('2026-03-27', 600, 720)],
  ['Saturday 9:00-11:30', 'en', SPRING, BERLIN, day('2026-03-28', 540, 690)],
  ['before noon on Friday', 'en', SPRING, BERLIN, day('2026-03-27', 0, 720)],
  ['Freitag nach dem Mittagessen', 'de', SPRING, BERLIN, day('2026-03-27', 720, 1440)],
  ['tomorrow afternoon, but not before 3', 'en', SPRING, BERLIN, day('2026-03-27', 900, 1020)],
  // Parts of the day with a time, and German compounds.
  ['Friday evening at 7', 'en', SPRING, BERLIN, { ...day('2026-03-27', 1020, 1440), atMinute: 1140 }],
  ['Monday morning at 10', 'en', SPRING, BERLIN, { ...day('2026-03-30', 0, 720), atMinute: 600 }],
  ['Montag morgen um 9', 'de', SPRING, BERLIN, { ...day('2026-03-30', 0, 720), atMinute: 540 }],
  ['Dienstagnachmittag', 'de', SPRING, BERLIN, day('2026-03-31', 720, 1020)],
  ['uebermorgen nachmittags', 'de', SPRING, BERLIN, day('2026-03-28', 720, 1020)],
  ['gegen 10 Uhr übermorgen', 'de', SPRING, BERLIN, at('2026-03-28', 600)],
  ['around 3 on Saturday', 'en', SPRING, BERLIN, at('2026-03-28', 900)],
  ['samstags ab 10', 'de', SPRING, BERLIN, day('2026-03-28', 600, 1440)],
  // Greetings are not wishes; numbers without a clock context are not times.
  ['Guten Morgen, haben Sie am Freitag Zeit?', 'de', SPRING, BERLIN, day('2026-03-27')],
  ['Good morning! Could I come on Saturday?', 'en', SPRING, BERLIN, day('2026-03-28')],
  ['for 2 people on Friday, room 3', 'en', SPRING, BERLIN, day('2026-03-27')],
  ['Freitag 10', 'de', SPRING, BERLIN, day('2026-03-27')],
  // A weekday on that weekday is today, even after noon.
  ['Friday', 'en', Date.UTC(2026, 2, 27, 14, 0), BERLIN, day('2026-03-27')],
  ['next Friday', 'en', Date.UTC(2026, 2, 27, 14, 0), BERLIN, day('2026-04-03')],
  // The weekend and months.
  ['am Wochenende', 'de', SPRING, BERLIN, { fromDate: '2026-03-28', toDate: '2026-03-29' }],
  ['next weekend', 'en', SPRING, BERLIN, { fromDate: '2026-04-04', toDate: '2026-04-05' }],
  ['im Mai', 'de', SPRING, BERLIN, { fromDate: '2026-05-01', toDate: '2026-05-31' }],
  ['Ende April vormittags', 'de', SPRING, BERLIN, { fromDate: '2026-04-21', toDate: '2026-04-30', fromMinute: 0, toMinute: 720 }],
  ['next month', 'en', SPRING, BERLIN, { fromDate: '2026-04-01', toDate: '2026-04-30' }],
  ['early January', 'en', SPRING, BERLIN, { fromDate: '2027-01-01', toDate: '2027-01-10' }],
  ['am 20.3.', 'de', SPRING, BERLIN, day('2027-03-20')], // past this year: next year
];

const NOT_UNDERSTOOD: [string, WishLocale][] = [
  ['Could I book a massage?', 'en'],
  ['Ich hätte gern einen Termin.', 'de'],
  ['2', 'en'],
  ['Thanks, see you!', 'en'],
  ['We are 2 people, room 3', 'en'],
  ['Guten Morgen, haben Sie Zeit?', 'de'],
  ['Schönes Wochenende!', 'de'],
  ['It was great yesterday', 'en'], // a day wholly past is no wish
];

function run() {
  return TABLE.map(([text, locale, ref, zone]) => understandWish(text, { referenceMs: ref, timeZone: zone, locale }));
}

describe('understandWish: the window a customer asked for', () => {
  it.each(TABLE)('%j (%s)', (text, locale, ref, zone, expected) => {
    const wish = understandWish(text, { referenceMs: ref, timeZone: zone, locale });
    expect(wish).toMatchObject({ understood: true, ...expected });
    if (expected.atMinute === undefined) expect(wish.atMinute).toBeUndefined();
  });

  it.each(NOT_UNDERSTOOD)('%j names no time: the next two weeks, whole days', (text, locale) => {
    expect(understandWish(text, { referenceMs: SPRING, timeZone: BERLIN, locale })).toEqual({
      understood: false,
      fromDate: '2026-03-26',
      toDate: '2026-04-08',
      fromMinute: 0,
      toMinute: 1440,
    });
  });

  it('instants are made in the zone, across both DST changes of each side of the Atlantic', () => {
    const range = (text: string, locale: WishLocale, ref: number, zone: string) =>
      wishRange(understandWish(text, { referenceMs: ref, timeZone: zone, locale }), zone);
    // Berlin: 10:00 is 09:00Z before 29 March, 08:00Z after; 09:00Z again after 25 October.
    expect(range('am 24.3. um 10 Uhr', 'de', Date.UTC(2026, 2, 20, 9), BERLIN).around).toBe(Date.UTC(2026, 2, 24, 9, 0));
    expect(range('am 30.3. um 10 Uhr', 'de', SPRING, BERLIN).around).toBe(Date.UTC(2026, 2, 30, 8, 0));
    expect(range('Samstag um 10', 'de', AUTUMN, BERLIN).around).toBe(Date.UTC(2026, 9, 24, 8, 0));
    expect(range('Monday at 10', 'en', AUTUMN, BERLIN).around).toBe(Date.UTC(2026, 9, 26, 9, 0));
    // 02:30 on the spring night does not exist: the first instant after the gap (03:00 CEST).
    expect(range('on 29 March at 2:30 am', 'en', SPRING, BERLIN).around).toBe(Date.UTC(2026, 2, 29, 1, 0));
    // 02:30 on the autumn night happens twice: the first one (still CEST).
    expect(range('Sunday at 2:30am', 'en', AUTUMN, BERLIN).around).toBe(Date.UTC(2026, 9, 25, 0, 30));
    // New York: a whole Monday after the spring change starts at 04:00Z; 09:00 after the autumn change is 14:00Z.
    expect(range('Monday morning', 'en', US_SPRING, NEW_YORK)).toEqual({ start: Date.UTC(2026, 2, 9, 4, 0), end: Date.UTC(2026, 2, 9, 16, 0) });
    expect(range('Sunday at 2:30 am', 'en', US_SPRING, NEW_YORK).around).toBe(Date.UTC(2026, 2, 8, 7, 0));
    expect(range('Monday at 9am', 'en', US_AUTUMN, NEW_YORK).around).toBe(Date.UTC(2026, 10, 2, 14, 0));
    // A whole day across the autumn change lasts 25 hours.
    const sunday = range('any time Sunday', 'en', AUTUMN, BERLIN);
    expect(sunday.end - sunday.start).toBe(25 * 3_600_000);
  });

  it('inWish: the dates and the minutes of the day, in the zone', () => {
    const wish = understandWish('next Tuesday afternoon', { referenceMs: SPRING, timeZone: BERLIN, locale: 'en' });
    expect(inWish(Date.UTC(2026, 2, 31, 10, 0), wish, BERLIN)).toBe(true); // 12:00 CEST
    expect(inWish(Date.UTC(2026, 2, 31, 9, 59), wish, BERLIN)).toBe(false); // 11:59
    expect(inWish(Date.UTC(2026, 2, 31, 15, 0), wish, BERLIN)).toBe(false); // 17:00: the afternoon ends
    expect(inWish(Date.UTC(2026, 3, 1, 11, 0), wish, BERLIN)).toBe(false); // Wednesday
  });

  describe('does not depend on the machine zone', () => {
    const original = process.env['TZ'];
    afterAll(() => {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    });
    it('the same windows under seven machine zones from UTC−11 to UTC+14', () => {
      const results = ['UTC', 'America/New_York', 'America/Los_Angeles', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata'].map(
        (tz) => {
          process.env['TZ'] = tz;
          return JSON.stringify(run());
        },
      );
      expect(new Set(results).size).toBe(1);
    });
  });

  it('never throws and always returns a sane window (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom(
            ...TABLE.map((r) => r[0]),
            'am 31.02.',
            'at 25:00',
            'vor 0 Uhr',
            'after 11pm',
            '99.99.',
            'zwischen 16 und 14 Uhr',
            '10-12 Uhr',
            'ab 24 Uhr',
            'Ende Februar',
            'Sonntag bis Montag',
            'this week Monday',
            'yesterday at 10',
          ),
        ),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom(BERLIN, NEW_YORK, 'Asia/Kolkata', 'UTC'),
        fc.constantFrom<WishLocale>('en', 'de'),
        (text, ref, zone, locale) => {
          const w = understandWish(text, { referenceMs: ref, timeZone: zone, locale });
          const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ref);
          expect(w.fromDate >= today).toBe(true);
          expect(w.toDate >= w.fromDate).toBe(true);
          expect(0 <= w.fromMinute && w.fromMinute < w.toMinute && w.toMinute <= 1440).toBe(true);
          const r = wishRange(w, zone);
          expect(r.end).toBeGreaterThan(r.start);
        },
      ),
      { numRuns: 300 },
    );
  });
});
