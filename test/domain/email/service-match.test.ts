import { describe, expect, it } from 'vitest';
import { matchService } from '../../../src/domain/email/service-match.ts';
import { detectLocale } from '../../../src/domain/email/language.ts';

const HAIRCUT = { id: 'h', name: 'Haircut' };
const MASSAGE = { id: 'm', name: 'Deep tissue massage' };
const RELAX = { id: 'r', name: 'Relaxing massage' };
const CONSULT = { id: 'c', name: 'Erstberatung' };
const ALL = [HAIRCUT, MASSAGE, RELAX, CONSULT];

describe('matchService', () => {
  it.each([
    ['Could I come in for a HAIRCUT?', HAIRCUT],
    ['two haircuts for my kids', HAIRCUT],
    ['a hiarcut please', HAIRCUT], // typo (transposition)
    ['Herrenhaarschnitt am Freitag', HAIRCUT], // German compound, across languages
    ['Ich möchte die Haare schneiden lassen', HAIRCUT],
    ['deep tissue please', MASSAGE],
    ['a relaxing massage', RELAX],
    ['Ich hätte gern eine Erstberatung', CONSULT],
    ['first appointment / initial consultation', CONSULT],
  ])('%j → one', (text, service) => {
    expect(matchService(text, ALL, 'en')).toEqual({ kind: 'one', service });
  });

  it('several equally good matches, none, and a business with one service', () => {
    expect(matchService('a massage', ALL, 'en')).toEqual({ kind: 'several', services: [MASSAGE, RELAX] });
    expect(matchService('do you have time next week?', ALL, 'en')).toEqual({ kind: 'none' });
    expect(matchService('do you have time next week?', [HAIRCUT], 'en')).toEqual({ kind: 'one', service: HAIRCUT });
    expect(matchService('cat', [HAIRCUT, { id: 'x', name: 'Cut' }], 'en')).toEqual({ kind: 'none' }); // short words: no typo tolerance
  });
});

describe('detectLocale', () => {
  it.each([
    ['Hallo, ich hätte gerne einen Termin morgen um 10 Uhr', 'de'],
    ['Hi, could I come in for a haircut tomorrow?', 'en'],
    ['Ja, die 2 bitte.', 'de'],
    ['Yes, the second one please', 'en'],
    ['2', 'de'], // nothing to tell by: the thread's language
  ] as const)('%j → %s', (text, expected) => {
    expect(detectLocale(text, 'de')).toBe(text === '2' ? 'de' : expected);
    if (text !== '2') expect(detectLocale(text, 'en')).toBe(expected);
  });
});
