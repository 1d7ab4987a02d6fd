/**
 * Table tests for resources (rooms, equipment) in the availability engine (get-slots.ts rule 6) and the
 * unit choice of the reserve (resources.ts `chooseUnits`): several units, partial pools, buffers against
 * resource use, a blocked unit, units shared by providers.
 */
import { describe, expect, it } from 'vitest';
import { getSlots, whyNoSlot } from '../../../src/domain/availability/get-slots.ts';
import { chooseUnits, ResourceCalendar, type ResourceInputs, type ResourceUnit } from '../../../src/domain/availability/resources.ts';
import { at, days, input, provider, service, starts } from './availability-fixtures.ts';

const BER = 'Europe/Berlin';
const DAY = days('2026-01-05', '2026-01-05', BER); // a Monday; providers work 09:00–17:00
const hm = (slots: { start: number }[]) => starts(slots, BER).map((s) => s.slice(11, 16));
const room = (n: number): ResourceUnit => ({ id: `room-${n}`, pool: 'treatment-room', name: `Room ${n}` });
const LASER: ResourceUnit = { id: 'laser-a', pool: 'laser', name: 'Laser A' };
/** A unit held from local `from` to `to` on the day (a booking's blocked range, or a block). */
const held = (unit: ResourceUnit, from: string, to: string) => ({
  resourceId: unit.id,
  start: at(`2026-01-05T${from}`, BER),
  end: at(`2026-01-05T${to}`, BER),
});
const ALL_DAY = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'];

function slotsWith(resources: ResourceInputs, over: Parameters<typeof service>[0] = {}, providers = [provider('p', BER)]) {
  return getSlots(input({ service: service({ requiredResources: [{ pool: 'treatment-room', count: 1 }], ...over }), providers, range: DAY, resources }));
}

describe('a service that needs a room', () => {
  it('is offered like any service while a room is free', () => {
    expect(hm(slotsWith({ units: [room(1)], busy: [] }))).toEqual(ALL_DAY);
  });

  it('is offered nowhere when the pool has no unit (or only another pool)', () => {
    expect(slotsWith({ units: [], busy: [] })).toEqual([]);
    expect(slotsWith({ units: [LASER], busy: [] })).toEqual([]);
    expect(
      getSlots(input({ service: service({ requiredResources: [{ pool: 'treatment-room', count: 1 }] }), providers: [provider('p', BER)], range: DAY })),
    ).toEqual([]);
  });

  it('loses exactly the hours its only room is held, though the provider is free', () => {
    const slots = slotsWith({ units: [room(1)], busy: [held(room(1), '10:00', '11:00'), held(room(1), '14:30', '15:15')] });
    expect(hm(slots)).toEqual(['09:00', '11:00', '12:00', '13:00', '16:00']);
  });

  it('stays offered while one of two rooms is free, and not when both are held', () => {
    const busy = [held(room(1), '10:00', '12:00'), held(room(2), '11:00', '13:00')];
    expect(hm(slotsWith({ units: [room(1), room(2)], busy }))).toEqual(['09:00', '10:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
  });

  it('needs `count` distinct free units: two of three rooms', () => {
    const busy = [held(room(1), '09:00', '10:00'), held(room(2), '09:00', '11:00'), held(room(3), '13:00', '14:00')];
    const slots = slotsWith({ units: [room(1), room(2), room(3)], busy }, { requiredResources: [{ pool: 'treatment-room', count: 2 }] });
    // 09:00: only room 3 is free; 10:00: rooms 1 and 3; 13:00: rooms 1 and 2.
    expect(hm(slots)).toEqual(['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
  });

  it('needs every pool: a room and the one laser', () => {
    const busy = [held(LASER, '12:00', '14:00'), held(room(1), '09:00', '10:00')];
    const slots = slotsWith(
      { units: [room(1), LASER], busy },
      {
        requiredResources: [
          { pool: 'treatment-room', count: 1 },
          { pool: 'laser', count: 1 },
        ],
      },
    );
    expect(hm(slots)).toEqual(['10:00', '11:00', '14:00', '15:00', '16:00']);
  });

  it('keeps its own buffers clear on the room: a 10:00–11:00 use refuses 11:00 with a 15-minute buffer before', () => {
    const busy = [held(room(1), '10:00', '11:00')];
    const slots = slotsWith({ units: [room(1)], busy }, { bufferBeforeMinutes: 15, slotIntervalMinutes: 60 });
    // [start − 15 min, end) must be free: 11:00 needs 10:45–12:00, which meets the use until 11:00.
    expect(hm(slots)).toEqual(['09:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
  });

  it("a held range that ends where a slot's buffered window starts does not conflict (half-open)", () => {
    const busy = [held(room(1), '09:00', '10:45')];
    expect(hm(slotsWith({ units: [room(1)], busy }, { bufferBeforeMinutes: 15, slotIntervalMinutes: 60 }))).toContain('11:00');
  });

  it('a blocked unit (maintenance) is not offered; the other room still is', () => {
    const block = held(room(1), '00:00', '23:59');
    expect(slotsWith({ units: [room(1)], busy: [block] })).toEqual([]);
    expect(hm(slotsWith({ units: [room(1), room(2)], busy: [block] }))).toEqual(ALL_DAY);
  });

  it('shares rooms between providers: with the one room held, neither provider offers that hour', () => {
    const providers = [provider('a', BER), provider('b', BER)];
    const slots = slotsWith({ units: [room(1)], busy: [held(room(1), '10:00', '11:00')] }, {}, providers);
    expect(hm(slots)).toEqual(ALL_DAY.filter((t) => t !== '10:00'));
  });

  it('a room held elsewhere makes the start taken (409), not "not a slot" (422)', () => {
    const i = { service: service({ requiredResources: [{ pool: 'treatment-room', count: 1 }] }), providers: [provider('p', BER)] };
    const resources = { units: [room(1)], busy: [held(room(1), '10:00', '11:00')] };
    const base = input({ ...i, range: DAY, resources });
    expect(whyNoSlot(base, at('2026-01-05T10:00', BER))).toBe('slot_unavailable');
    expect(whyNoSlot(base, at('2026-01-05T10:07', BER))).toBe('not_a_slot');
  });
});

describe('which units a booking gets (chooseUnits)', () => {
  const need = { start: at('2026-01-05T10:00', BER), end: at('2026-01-05T11:00', BER) };
  const units = [room(1), room(2), room(3)];

  it('takes the least-booked free unit that day, then by name', () => {
    const cal = new ResourceCalendar({ units, busy: [held(room(2), '10:30', '12:00')] });
    const load = new Map([
      ['room-1', 3],
      ['room-3', 1],
    ]);
    expect(chooseUnits([{ pool: 'treatment-room', count: 1 }], cal, need, (id) => load.get(id) ?? 0)).toEqual({ ok: true, units: [room(3)] });
    expect(chooseUnits([{ pool: 'treatment-room', count: 1 }], cal, need, () => 0)).toEqual({ ok: true, units: [room(1)] });
  });

  it('keeps the unit a moved booking held when it is free, whatever the load', () => {
    const cal = new ResourceCalendar({ units, busy: [] });
    expect(chooseUnits([{ pool: 'treatment-room', count: 1 }], cal, need, (id) => (id === 'room-2' ? 5 : 0), new Set(['room-2']))).toEqual({
      ok: true,
      units: [room(2)],
    });
  });

  it('names the pool that is short, and takes distinct units per requirement', () => {
    const cal = new ResourceCalendar({ units: [...units, LASER], busy: [held(LASER, '09:00', '10:30')] });
    expect(
      chooseUnits(
        [
          { pool: 'treatment-room', count: 1 },
          { pool: 'laser', count: 1 },
        ],
        cal,
        need,
        () => 0,
      ),
    ).toEqual({ ok: false, pool: 'laser' });
    const two = chooseUnits([{ pool: 'treatment-room', count: 2 }], cal, need, () => 0);
    expect(two).toEqual({ ok: true, units: [room(1), room(2)] });
    expect(chooseUnits([{ pool: 'treatment-room', count: 4 }], cal, need, () => 0)).toEqual({ ok: false, pool: 'treatment-room' });
  });
});
