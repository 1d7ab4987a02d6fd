import { describe, expect, it } from 'vitest';
import { eventIcs, icsDataUrl } from '../../../web/src/book/ics-file.ts';

describe('downloadable .ics', () => {
  const ics = eventIcs(
    {
      uid: 'b1@slotflow',
      start: '2026-12-07T10:30:00+01:00',
      end: '2026-12-07T11:00:00+01:00',
      title: 'Consultation, with Dr. Ada; room 2',
      details: `Change or cancel: http://127.0.0.1:3000/manage/${'x'.repeat(120)}`,
      url: 'http://127.0.0.1:3000/manage/tok',
    },
    Date.parse('2026-12-01T08:00:00Z'),
  );

  it('is one UTC VEVENT with escaped text and CRLF lines of at most 75 octets', () => {
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('DTSTART:20261207T093000Z\r\nDTEND:20261207T100000Z\r\n');
    expect(unfolded).toContain('DTSTAMP:20261201T080000Z');
    expect(unfolded).toContain('SUMMARY:Consultation\\, with Dr. Ada\\; room 2\r\n');
    expect(unfolded).toContain(`DESCRIPTION:Change or cancel: http://127.0.0.1:3000/manage/${'x'.repeat(120)}\r\n`);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
  });

  it('folds between code points, never inside a multi-byte character', () => {
    const long = eventIcs({ uid: 'u', start: '2026-12-07T10:00:00Z', end: '2026-12-07T11:00:00Z', title: 'ü'.repeat(80), details: '' }, 0);
    for (const line of long.split('\r\n')) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(long.replace(/\r\n /g, '')).toContain(`SUMMARY:${'ü'.repeat(80)}\r\n`);
    expect(decodeURIComponent(icsDataUrl(long).split(',').slice(1).join(','))).toBe(long);
  });
});
