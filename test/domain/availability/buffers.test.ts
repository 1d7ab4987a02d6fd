import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockedForSlots, bufferedWindow } from '../../../src/domain/availability/buffers.ts';

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const interval = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 500 }))
  .map(([s, len]) => ({ start: s * 60_000, end: (s + len) * 60_000 }));
const buffers = fc.record({ bufferBeforeMinutes: fc.integer({ min: 0, max: 120 }), bufferAfterMinutes: fc.integer({ min: 0, max: 120 }) });

describe('buffers: one rule, seen from the slot or from the busy time', () => {
  it('a 30-minute slot with 10 min before and 5 after keeps [start − 10 min, end + 5 min) clear', () => {
    const start = Date.UTC(2030, 0, 7, 9);
    expect(bufferedWindow({ start, end: start + 30 * 60_000 }, { bufferBeforeMinutes: 10, bufferAfterMinutes: 5 })).toEqual({
      start: start - 10 * 60_000,
      end: start + 35 * 60_000,
    });
    // Busy time ending exactly where the before-buffer begins does not conflict; a minute later it does.
    const b = { bufferBeforeMinutes: 10, bufferAfterMinutes: 5 };
    const slot = { start, end: start + 30 * 60_000 };
    expect(overlaps(blockedForSlots({ start: start - 70 * 60_000, end: start - 10 * 60_000 }, b), slot)).toBe(false);
    expect(overlaps(blockedForSlots({ start: start - 70 * 60_000, end: start - 9 * 60_000 }, b), slot)).toBe(true);
  });

  it('busy time meets the buffered window exactly when the grown busy time meets the slot', () => {
    fc.assert(
      fc.property(interval, interval, buffers, (slot, busy, buf) => {
        expect(overlaps(busy, bufferedWindow(slot, buf))).toBe(overlaps(blockedForSlots(busy, buf), slot));
      }),
    );
  });
});
