import { describe, expect, it } from 'vitest';
import type { Resource, ResourcePool } from '../../../web/src/api/types.ts';
import {
  blockBody,
  checkPoolName,
  emptyRequiredPools,
  formFromResource,
  requirementProblem,
  resourceBody,
  resourcePatch,
  suggestPool,
  unitNames,
  wholeDayBlock,
  withStartDate,
} from '../../../web/src/admin/catalog/resource-form.ts';

const ROOM: Resource = { id: 'r1', name: 'Room 1', pool: 'treatment-room', active: true, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

describe('unit form → bodies', () => {
  it('a new unit: trimmed name and pool, active', () => {
    expect(resourceBody({ ...formFromResource(null), name: ' Room 3 ', pool: ' treatment-room ' })).toEqual({
      ok: true,
      body: { name: 'Room 3', pool: 'treatment-room', active: true },
    });
  });

  it('problems at the server paths: name, pool (with the likely pool name)', () => {
    expect(resourceBody({ name: '  ', pool: 'Treatment Room', active: true })).toEqual({
      ok: false,
      errors: { name: 'enter a name, e.g. Room 1', pool: 'lower-case letters, digits and dashes, e.g. treatment-room' },
    });
    expect(resourceBody({ name: 'x'.repeat(201), pool: '', active: true })).toEqual({
      ok: false,
      errors: { name: 'at most 200 characters', pool: 'enter a pool, e.g. treatment-room' },
    });
  });

  it('an edit patches only what changed', () => {
    const same = resourceBody(formFromResource(ROOM));
    expect(same.ok && resourcePatch(ROOM, same.body)).toEqual({});
    const off = resourceBody({ ...formFromResource(ROOM), active: false, name: 'Room 1 ' });
    expect(off.ok && resourcePatch(ROOM, off.body)).toEqual({ active: false });
    const moved = resourceBody({ ...formFromResource(ROOM), pool: 'suite' });
    expect(moved.ok && resourcePatch(ROOM, moved.body)).toEqual({ pool: 'suite' });
  });

  it('pool names as the server checks them', () => {
    expect(checkPoolName('laser')).toBeNull();
    expect(checkPoolName('room-2b')).toBeNull();
    expect(checkPoolName('0-rooms')).toBeNull();
    expect(checkPoolName('-room')).toMatch(/lower-case/);
    expect(checkPoolName('a'.repeat(63))).toBeNull();
    expect(checkPoolName('a'.repeat(64))).toBe('at most 63 characters');
    expect(suggestPool('Salle de Soins É')).toBe('salle-de-soins-e');
    expect(suggestPool('  Laser (A) ')).toBe('laser-a');
    expect(suggestPool('!!!')).toBe('');
  });
});

describe('block form → body (admin zone)', () => {
  it('a whole local day: its 00:00 until the next 00:00, with the zone offset', () => {
    const f = wholeDayBlock('2026-12-07');
    expect(f).toMatchObject({ startDate: '2026-12-07', startTime: '00:00', endDate: '2026-12-08', endTime: '00:00' });
    expect(blockBody({ ...f, reason: ' Deep clean ' }, 'Europe/Berlin')).toEqual({
      ok: true,
      body: { start: '2026-12-07T00:00:00+01:00', end: '2026-12-08T00:00:00+01:00', reason: 'Deep clean' },
      notes: [],
    });
  });

  it('a range across a spring-forward gap: the missing time moves to the transition, with a note; no reason → none sent', () => {
    const r = blockBody({ startDate: '2026-03-29', startTime: '02:30', endDate: '2026-03-29', endTime: '04:00', reason: '' }, 'Europe/Berlin');
    expect(r.ok && r.body).toEqual({ start: '2026-03-29T03:00:00+02:00', end: '2026-03-29T04:00:00+02:00' });
    expect(r.ok && r.notes).toEqual(['02:30 does not exist on 2026-03-29 in Europe/Berlin (clocks go forward); 03:00 is used']);
  });

  it('problems: missing date / time at start or end, an end not after the start', () => {
    expect(blockBody({ startDate: '', startTime: '09:00', endDate: '2026-12-07', endTime: '', reason: '' }, 'UTC')).toEqual({
      ok: false,
      errors: { start: 'enter a date', end: 'enter a time' },
    });
    expect(blockBody({ startDate: '2026-12-07', startTime: '10:00', endDate: '2026-12-07', endTime: '10:00', reason: '' }, 'UTC')).toEqual({
      ok: false,
      errors: { end: 'must be after the start' },
    });
    expect(blockBody({ ...wholeDayBlock('2026-12-07'), reason: 'x'.repeat(501) }, 'UTC')).toEqual({ ok: false, errors: { reason: 'at most 500 characters' } });
  });

  it('moving the start date moves the end date by as many days', () => {
    expect(withStartDate(wholeDayBlock('2026-12-07'), '2026-12-31')).toMatchObject({ startDate: '2026-12-31', endDate: '2027-01-01' });
    const sameDay = { startDate: '2026-12-07', startTime: '09:00', endDate: '2026-12-07', endTime: '12:00', reason: '' };
    expect(withStartDate(sameDay, '2026-12-09')).toMatchObject({ startDate: '2026-12-09', endDate: '2026-12-09' });
    expect(withStartDate(sameDay, '')).toMatchObject({ startDate: '', endDate: '2026-12-07' });
  });
});

describe('pools', () => {
  const pools: ResourcePool[] = [
    { pool: 'laser', activeUnits: 0, requiredBy: [{ id: 's1', name: 'Laser therapy' }] },
    { pool: 'suite', activeUnits: 1, requiredBy: [] },
    { pool: 'treatment-room', activeUnits: 2, requiredBy: [{ id: 's2', name: 'Massage' }] },
    { pool: 'unused', activeUnits: 0, requiredBy: [] },
  ];

  it('a requirement no pool can meet says so; one it can meet is fine', () => {
    expect(requirementProblem(pools, 'treatment-room', 2)).toBeNull();
    expect(requirementProblem(pools, 'treatment-room', 3)).toBe('“treatment-room” has 2 active units, fewer than 3: the service offers no slots');
    expect(requirementProblem(pools, 'suite', 2)).toBe('“suite” has 1 active unit, fewer than 2: the service offers no slots');
    expect(requirementProblem(pools, 'laser', 1)).toBe('“laser” has no active unit: the service offers no slots');
    expect(requirementProblem(pools, 'sauna', 1)).toBe('no unit is in “sauna” yet: the service offers no slots');
  });

  it('the warning lists the required pools without active units, not the unused ones', () => {
    expect(emptyRequiredPools(pools).map((p) => p.pool)).toEqual(['laser']);
  });

  it('unit names of a booking', () => {
    expect(unitNames([{ name: 'Room 2' }, { name: 'Laser A' }])).toBe('Room 2, Laser A');
    expect(unitNames([])).toBe('');
    expect(unitNames(undefined)).toBe('');
  });
});
