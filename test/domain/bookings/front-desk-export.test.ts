/** The customer search's reading of `q` and the CSV export's fields and rows (src/domain/bookings). */
import { describe, expect, it } from 'vitest';
import { csvField, csvHeaderLine, csvRow, CSV_HEADER } from '../../../src/domain/bookings/bookings-csv.ts';
import { customerSearch } from '../../../src/domain/bookings/customer-search.ts';

describe('customerSearch', () => {
  it('is nothing for a blank text', () => {
    expect(customerSearch(undefined)).toBeUndefined();
    expect(customerSearch('   ')).toBeUndefined();
  });
  it('searches phones by digits only when the text looks like a phone number', () => {
    expect(customerSearch(' +49 151 23 ')).toEqual({ text: '+49 151 23', phoneDigits: '4915123' });
    expect(customerSearch('(202) 555-0143')).toEqual({ text: '(202) 555-0143', phoneDigits: '2025550143' });
    expect(customerSearch('Ada')).toEqual({ text: 'Ada' });
    expect(customerSearch('room 101')).toEqual({ text: 'room 101' });
    // Too few digits to mean one number.
    expect(customerSearch('12')).toEqual({ text: '12' });
  });
});

describe('bookings CSV', () => {
  it('quotes per RFC 4180 only when needed, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
  it('guards cells a spreadsheet would run as formulas', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+4915123')).toBe("'+4915123");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=cmd')).toBe("'\t=cmd");
    expect(csvField('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvField('a=b')).toBe('a=b');
  });
  it('writes a header and one CRLF record per booking with UTC and local times', () => {
    expect(csvHeaderLine()).toBe(`${CSV_HEADER.join(',')}\r\n`);
    const row = csvRow({
      id: 'b1',
      status: 'confirmed',
      start: Date.parse('2026-07-01T08:00:00Z'),
      end: Date.parse('2026-07-01T08:30:00Z'),
      timeZone: 'Europe/Berlin',
      serviceName: 'Checkup',
      providerName: 'Dr. A',
      customerName: 'Ada',
      customerEmail: null,
      customerPhone: null,
      channel: 'admin',
      attendance: null,
      cancelReason: null,
      createdAt: Date.parse('2026-06-01T12:00:00Z'),
    });
    expect(row).toBe(
      'b1,confirmed,2026-07-01T08:00:00.000Z,2026-07-01T08:30:00.000Z,2026-07-01T10:00:00+02:00,2026-07-01T10:30:00+02:00,Europe/Berlin,Checkup,Dr. A,Ada,,,admin,,,2026-06-01T12:00:00.000Z\r\n',
    );
    expect(row.split(',')).toHaveLength(CSV_HEADER.length);
  });
});
