import { describe, expect, it } from 'vitest';
import { draftsFromFields, draftsToFields, keyFromLabel, moveDraft, newDraft, withLabel, type IntakeDraft } from '../../../web/src/admin/catalog/intake.ts';

const row = (over: Partial<IntakeDraft>): IntakeDraft => ({
  uid: 'u',
  key: 'k',
  keyEdited: true,
  label: 'L',
  type: 'text',
  required: false,
  optionsText: '',
  ...over,
});

describe('intake key from label', () => {
  it('makes a snake_case key of letters and digits, without accents', () => {
    expect(keyFromLabel('Date of birth')).toBe('date_of_birth');
    expect(keyFromLabel('  Größe (cm)?  ')).toBe('grosse_cm');
    expect(keyFromLabel('Café crème')).toBe('cafe_creme');
    expect(keyFromLabel('2nd phone')).toBe('f_2nd_phone');
    expect(keyFromLabel('!!!')).toBe('field');
    expect(keyFromLabel('')).toBe('field');
  });

  it('appends _2, _3 … until unique and never exceeds 50 characters', () => {
    expect(keyFromLabel('Notes', ['notes'])).toBe('notes_2');
    expect(keyFromLabel('Notes', ['notes', 'notes_2'])).toBe('notes_3');
    const long = 'a'.repeat(60);
    expect(keyFromLabel(long)).toBe('a'.repeat(50));
    const taken = keyFromLabel(long, ['a'.repeat(50)]);
    expect(taken).toBe(`${'a'.repeat(48)}_2`);
    expect(taken.length).toBe(50);
  });

  it('lets the key follow the label until the admin edits it', () => {
    let rows = [newDraft([])];
    expect(rows[0]!.key).toBe('field');
    rows = [...rows, newDraft(rows)];
    expect(rows[1]!.key).toBe('field_2');
    rows = withLabel(rows, 0, 'Insurance');
    expect(rows[0]!.key).toBe('insurance');
    rows = withLabel(rows, 1, 'Insurance');
    expect(rows[1]!.key).toBe('insurance_2');
    rows = rows.map((r, i) => (i === 0 ? { ...r, key: 'ins', keyEdited: true } : r));
    rows = withLabel(rows, 0, 'Insurance company');
    expect(rows[0]).toMatchObject({ key: 'ins', label: 'Insurance company' });
  });
});

describe('intake builder validation', () => {
  it('converts rows to API fields: trimmed labels, options only (and always) for select', () => {
    const res = draftsToFields([
      row({ key: 'reason', label: ' Reason ', type: 'textarea', required: true, optionsText: 'left over' }),
      row({ key: 'insurance', label: 'Insurance', type: 'select', optionsText: 'Public\n\n  Private \n' }),
    ]);
    expect(res).toEqual({
      ok: true,
      fields: [
        { key: 'reason', label: 'Reason', type: 'textarea', required: true },
        { key: 'insurance', label: 'Insurance', type: 'select', required: false, options: ['Public', 'Private'] },
      ],
    });
  });

  it('names every problem at intakeFields.<i>.<part>, as the server does', () => {
    const res = draftsToFields([
      row({ key: 'name' }),
      row({ key: 'name', label: '  ' }),
      row({ key: '1bad', type: 'select', optionsText: ' \n ' }),
      row({ key: 'ok', type: 'select', optionsText: 'A\nB\nA' }),
      row({ key: '' }),
    ]);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual({
      'intakeFields.1.key': 'the key "name" is already used by question 1',
      'intakeFields.1.label': 'enter the question shown to customers',
      'intakeFields.2.key': 'letters, digits and _, starting with a letter (at most 50)',
      'intakeFields.2.options': 'a choice needs at least one option (one per line)',
      'intakeFields.3.options': 'the option "A" is listed twice',
      'intakeFields.4.key': 'enter a key',
    });
  });

  it('round-trips stored fields into rows with their keys kept', () => {
    const fields = [{ key: 'topic', label: 'Topic', type: 'select' as const, required: true, options: ['A', 'B'] }];
    const rows = draftsFromFields(fields);
    expect(rows[0]).toMatchObject({ key: 'topic', keyEdited: true, optionsText: 'A\nB' });
    expect(draftsToFields(rows)).toEqual({ ok: true, fields });
  });

  it('moves a row up or down and ignores moves past either end', () => {
    expect(moveDraft(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveDraft(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveDraft(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveDraft(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
