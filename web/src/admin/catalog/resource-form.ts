/**
 * Rooms and equipment (resources): the unit form and its API bodies, the block form (local date and wall
 * times in the admin's zone → instants, see zoned-time.ts for DST gaps and overlaps), and what the
 * screens say about a pool (how many active units, and whether a service that requires it can be
 * booked at all). Pure: no DOM, no React. Problems are keyed by the server's paths (`name`, `pool`,
 * `start`, `end`, `reason`), so client and server errors land on the same field.
 */
import type { Resource, ResourcePool } from '../../api/types.ts';
import type { FieldErrors } from './errors.ts';
import { changedFields } from './patch.ts';
import { addDays, localToIso } from './zoned-time.ts';

/** As the server and migrations/0015_resources.sql check a pool name. */
const POOL = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why `pool` (trimmed) is not a pool name, or null when it is one. */
export function checkPoolName(pool: string): string | null {
  if (pool === '') return 'enter a pool, e.g. treatment-room';
  if (pool.length > 63) return 'at most 63 characters';
  if (!POOL.test(pool)) {
    const suggestion = suggestPool(pool);
    return `lower-case letters, digits and dashes${suggestion ? `, e.g. ${suggestion}` : ''}`;
  }
  return null;
}

/** "Treatment Room" → "treatment-room": what a typed label most likely means as a pool name ('' if nothing). */
export function suggestPool(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export type ResourceForm = { name: string; pool: string; active: boolean };
export type ResourceBody = { name: string; pool: string; active: boolean };

export const RESOURCE_ERROR_PATHS: Record<keyof ResourceForm, string[]> = { name: ['name'], pool: ['pool'], active: ['active'] };

export function formFromResource(r: Resource | null): ResourceForm {
  return r ? { name: r.name, pool: r.pool, active: r.active } : { name: '', pool: '', active: true };
}

export function resourceBody(f: ResourceForm): { ok: true; body: ResourceBody } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  if (name === '') errors.name = 'enter a name, e.g. Room 1';
  else if (name.length > 200) errors.name = 'at most 200 characters';
  const pool = f.pool.trim();
  const poolProblem = checkPoolName(pool);
  if (poolProblem) errors.pool = poolProblem;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name, pool, active: f.active } };
}

/** Changed fields only. */
export function resourcePatch(original: Resource, next: ResourceBody): Partial<ResourceBody> {
  return changedFields({ name: original.name, pool: original.pool, active: original.active }, next);
}

/** A block as typed: from `startDate` `startTime` until `endDate` `endTime` in the admin's zone. */
export type BlockForm = { startDate: string; startTime: string; endDate: string; endTime: string; reason: string };
export type BlockBody = { start: string; end: string; reason?: string };

/** The whole local day `date`: from its 00:00 until 00:00 of the next day. */
export function wholeDayBlock(date: string): BlockForm {
  return { startDate: date, startTime: '00:00', endDate: addDays(date, 1), endTime: '00:00', reason: '' };
}

/**
 * The block form → POST body (each end as typed: "until 2026-12-08 00:00" is the midnight that ends the
 * 7th). Errors: `start` (its date or time),
 * `end` (its date or time, or not after the start), `reason`. `notes` say how a wall time that does not
 * exist or happens twice was read.
 */
export function blockBody(f: BlockForm, zone: string): { ok: true; body: BlockBody; notes: string[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const start = localToIso(f.startDate, f.startTime, zone);
  const end = localToIso(f.endDate, f.endTime, zone);
  if (!start.ok) errors.start = start.message;
  if (!end.ok) errors.end = end.message;
  if (start.ok && end.ok && end.ms <= start.ms) errors.end = 'must be after the start';
  const reason = f.reason.trim();
  if (reason.length > 500) errors.reason = 'at most 500 characters';
  if (!start.ok || !end.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: { start: start.iso, end: end.iso, ...(reason ? { reason } : {}) },
    notes: [start.note, end.note].filter((n): n is string => !!n),
  };
}

/** The block form after its start date changed: the end date moves along by as many days. */
export function withStartDate(f: BlockForm, startDate: string): BlockForm {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || !/^\d{4}-\d{2}-\d{2}$/.test(f.startDate) || !/^\d{4}-\d{2}-\d{2}$/.test(f.endDate)) {
    return { ...f, startDate };
  }
  const span = Math.round((Date.parse(f.endDate) - Date.parse(f.startDate)) / 86_400_000);
  return { ...f, startDate, endDate: span >= 0 ? addDays(startDate, span) : startDate };
}

/**
 * What a requirement of `count` units of `pool` means for a service given the known pools: null when
 * it is satisfiable, else why no slot can be offered.
 */
export function requirementProblem(pools: readonly ResourcePool[], pool: string, count: number): string | null {
  const known = pools.find((p) => p.pool === pool);
  const units = known?.activeUnits ?? 0;
  if (units === 0) return known ? `“${pool}” has no active unit: the service offers no slots` : `no unit is in “${pool}” yet: the service offers no slots`;
  if (units < count) return `“${pool}” has ${units} active unit${units === 1 ? '' : 's'}, fewer than ${count}: the service offers no slots`;
  return null;
}

/** The pools that some service requires but that have no active unit (such services offer no slots). */
export function emptyRequiredPools(pools: readonly ResourcePool[]): ResourcePool[] {
  return pools.filter((p) => p.requiredBy.length > 0 && p.activeUnits === 0);
}

/** "Room 2, Laser A": the names of the units a booking holds, '' for none. */
export function unitNames(resources: readonly { name: string }[] | undefined): string {
  return (resources ?? []).map((r) => r.name).join(', ');
}
