/**
 * The customer pages' message catalogues (#20 item 5): every English key has a German text (also a type
 * error in de.ts — this checks the built objects), placeholders survive translation, plural forms are
 * chosen by the locale's rules, and the page's language is chosen ?locale= → browser → business → en.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as de from '../../../web/src/shared/i18n/de.ts';
import { book, t as tBook } from '../../../web/src/shared/i18n/en-book.ts';
import { form, t as tForm } from '../../../web/src/shared/i18n/en-form.ts';
import { manage } from '../../../web/src/shared/i18n/en-manage.ts';
import { activateLocale, chooseLocale, fill, pluralForm, setLocale, supported, type Messages } from '../../../web/src/shared/i18n/i18n.ts';

const AREAS: [string, Messages, Messages][] = [
  ['book', book, de.book],
  ['form', form, de.form],
  ['manage', manage, de.manage],
];
const placeholders = (m: unknown) => [...new Set(JSON.stringify(m).match(/\{\w+\}/g) ?? [])].sort();

afterEach(() => setLocale('en', null));

describe('message catalogues', () => {
  it.each(AREAS)('%s: German has exactly the English keys, each non-empty with the same placeholders', (_area, en, german) => {
    expect(Object.keys(german).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      const g = german[key]!;
      expect(typeof g === 'string' ? g.trim() : g.other.trim(), key).not.toBe('');
      expect(typeof g, key).toBe(typeof en[key]);
      expect(placeholders(g), key).toEqual(placeholders(en[key]));
    }
  });

  it('German is German where it shows: a few texts checked by hand', () => {
    expect(de.book.pickTitle).toBe('Tag und Uhrzeit wählen');
    expect(de.form.confirm).toBe('Verbindlich buchen');
    expect(de.manage.reschedule).toBe('Verschieben');
  });

  it('plural forms follow the locale: 1 seat / 3 seats; 1 Platz / 3 Plätze; 0 takes "other" in both', () => {
    expect(tBook('seatsLeft', { n: 1 })).toBe('1 seat left');
    expect(tBook('seatsLeft', { n: 3 })).toBe('3 seats left');
    expect(tBook('seatsLeft', { n: 0 })).toBe('0 seats left');
    setLocale('de', de as unknown as Record<string, Messages>);
    expect(tBook('seatsLeft', { n: 1 })).toBe('1 Platz frei');
    expect(tBook('seatsLeft', { n: 3 })).toBe('3 Plätze frei');
    expect(tBook('groupClass', { n: 12 })).toBe('Gruppenkurs · 12 Plätze');
    expect(tForm('seatOf', { n: 1 })).toBe('1 Platz in diesem Gruppenkurs (1 Platz pro Termin)');
    // A locale with more forms: the missing ones fall back to `other`.
    expect(pluralForm({ one: 'one', other: 'other' }, 3, 'pl')).toBe('other');
    expect(pluralForm({ one: 'one', few: 'few', other: 'other' }, 3, 'pl')).toBe('few');
  });

  it('t() fills placeholders and switches language once a locale is activated', async () => {
    expect(tForm('withProvider', { service: 'Massage', provider: 'Ada' })).toBe('Massage with Ada');
    await activateLocale('de');
    expect(tForm('withProvider', { service: 'Massage', provider: 'Ada' })).toBe('Massage bei Ada');
    expect(tBook('timesOn', { day: 'Montag, 7. Dezember 2026' })).toBe('Zeiten am Montag, 7. Dezember 2026');
    await activateLocale('en');
    expect(tBook('pickTitle')).toBe('Pick a day and time');
    // An unknown placeholder stays visible rather than vanishing.
    expect(fill('Hi {name} {x}', { name: 'Bo' })).toBe('Hi Bo {x}');
  });

  it('the page language: ?locale=, else the browser’s languages, else the business default, else en', async () => {
    const business = (l: string | null) => async () => l;
    const never = async (): Promise<string> => {
      throw new Error('not asked');
    };
    expect(await chooseLocale('de-AT', ['en-US'], never)).toBe('de');
    expect(await chooseLocale('en', ['de-DE'], never)).toBe('en');
    expect(await chooseLocale(null, ['fr-FR', 'de-CH', 'en'], never)).toBe('de');
    expect(await chooseLocale('fr', ['fr-FR'], business('de'))).toBe('de');
    expect(await chooseLocale(null, ['fr-FR'], business(null))).toBe('en');
    expect(await chooseLocale(null, [], never.bind(null))).toBe('en');
    expect(supported('DE_de')).toBe('de');
    expect(supported('fr')).toBeNull();
  });
});
