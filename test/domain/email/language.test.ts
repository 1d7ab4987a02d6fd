/** English or German from the words of a message (src/domain/email/language.ts); unclear → the thread's language. */
import { describe, expect, it } from 'vitest';
import { detectLocale } from '../../../src/domain/email/language.ts';

describe('detectLocale', () => {
  it.each([
    ['Hallo, ich hätte gerne einen Termin morgen um 10 Uhr', 'de'],
    ['Hi, could I come in for a haircut tomorrow?', 'en'],
    ['Ja, die 2 bitte.', 'de'],
    ['Yes, the second one please', 'en'],
    ['Koennen wir den Termin verschieben?', 'de'], // umlauts written out
    ['Hi, I am free on Monday', 'en'], // "am" is German too
    ['Ich bin am Montag frei', 'de'],
    ['Grüße', 'de'], // German letters count
    ['Please cancel', 'en'],
    ['Termin absagen bitte', 'de'],
  ] as const)('%j → %s whatever the fallback', (text, expected) => {
    expect(detectLocale(text, 'de')).toBe(expected);
    expect(detectLocale(text, 'en')).toBe(expected);
  });

  it.each(['2', 'ok', '10:30', '', 'Anna'])('%j tells nothing: the fallback', (text) => {
    expect(detectLocale(text, 'de')).toBe('de');
    expect(detectLocale(text, 'en')).toBe('en');
  });
});
