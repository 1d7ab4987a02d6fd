import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presentSlots, resolveRange } from '../../../src/domain/availability/query.ts';
import { AppError } from '../../../src/errors.ts';
import { formatInZone } from '../../../src/domain/time/zones.ts';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/St_Johns'];

describe('resolveRange', () => {
  it('reads dates in the zone, `to` inclusive (ends at the next local midnight)', () => {
    expect(resolveRange({ from: '2026-03-29', to: '2026-03-29', timeZone: 'Europe/Berlin' })).toEqual({
      start: Date.parse('2026-03-28T23:00:00Z'),
      end: Date.parse('2026-03-29T22:00:00Z'), // a 23-hour day
    });
  });

  it('accepts 62 days across a DST change and refuses 63', () => {
    expect(() => resolveRange({ from: '2026-03-01', to: '2026-05-01', timeZone: 'Europe/Berlin' })).not.toThrow();
    const err = (() => {
      try {
        resolveRange({ from: '2026-03-01', to: '2026-05-02', timeZone: 'Europe/Berlin' });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err?.code).toBe('invalid_request');
    expect(err?.extra.errors?.[0]?.path).toBe('query.to');
  });

  it('the same instants written in any zone give the same range, and slots format back to them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 60 * 24 * 60 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        (start0, minutes, z1, z2) => {
          const start = Math.floor(start0 / 60_000) * 60_000;
          const end = start + minutes * 60_000;
          const a = resolveRange({ from: formatInZone(start, z1), to: formatInZone(end, z1), timeZone: z1 });
          const b = resolveRange({ from: formatInZone(start, z2), to: formatInZone(end, z2), timeZone: z2 });
          expect(a).toEqual({ start, end });
          expect(b).toEqual(a);
          const slots = [{ start, end: start + 1_800_000, providerId: 'p' }];
          const [w1] = presentSlots(slots, z1, a);
          const [w2] = presentSlots(slots, z2, b);
          expect(Date.parse(w1!.start)).toBe(start);
          expect(Date.parse(w2!.start)).toBe(start);
          expect(Date.parse(w1!.end)).toBe(Date.parse(w2!.end));
        },
      ),
      { numRuns: 500 },
    );
  });
});
