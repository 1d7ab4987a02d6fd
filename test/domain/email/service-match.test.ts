import { describe, expect, it } from 'vitest';
import { matchService } from '../../../src/domain/email/service-match.ts';

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

  describe('the bilingual word list, umlauts written out', () => {
    const PRACTICE = [
      { id: 'color', name: 'Haare färben' },
      { id: 'mani', name: 'Maniküre' },
      { id: 'physio', name: 'Physiotherapie' },
      { id: 'check', name: 'Kontrolluntersuchung' },
      { id: 'clean', name: 'Professionelle Zahnreinigung' },
      { id: 'first', name: 'Ersttermin' },
      { id: 'cut', name: 'Herrenhaarschnitt' },
    ];
    it.each([
      ['hair colour', 'color'],
      ['Haare faerben', 'color'],
      ['a manicure please', 'mani'],
      ['Manikuere', 'mani'],
      ['physiotherapy', 'physio'],
      ['a check-up', 'check'],
      ['Kontrolle', 'check'],
      ['teeth cleaning', 'clean'],
      ['my first appointment', 'first'],
      ['haircut', 'cut'],
      ['Herrenhaarschnitte für zwei', 'cut'], // plural of the name itself
    ])('%j → %s', (text, id) => {
      const m = matchService(text, PRACTICE, 'en');
      expect(m.kind === 'one' && m.service.id).toBe(id);
    });
  });

  it('a longer, more specific name beats a shorter one', () => {
    const both = [{ id: 'm', name: 'Massage' }, MASSAGE];
    expect(matchService('deep tissue massage', both, 'en')).toEqual({ kind: 'one', service: MASSAGE });
    expect(matchService('just a massage', both, 'en')).toEqual({ kind: 'one', service: both[0] });
  });

  it('several equally good matches, none, and a business with one service', () => {
    expect(matchService('a massage', ALL, 'en')).toEqual({ kind: 'several', services: [MASSAGE, RELAX] });
    expect(matchService('do you have time next week?', ALL, 'en')).toEqual({ kind: 'none' });
    expect(matchService('do you have time next week?', [HAIRCUT], 'en')).toEqual({ kind: 'one', service: HAIRCUT });
    expect(matchService('cat', [HAIRCUT, { id: 'x', name: 'Cut' }], 'en')).toEqual({ kind: 'none' }); // short words: no typo tolerance
  });
});
