/**
 * The CalDAV connector's protocol side (caldav.connector.ts): failures → CalendarError (the shared
 * classifier in calendar-errors.ts with what we did), tsdav's multistatus and property shapes, request
 * paths, and the sync cursor. No I/O of its own.
 */
import ICAL from 'ical.js';
import type { DAVResponse } from 'tsdav';
import { CalendarError } from './connector.ts';
import { caldavError } from './calendar-errors.ts';
import { CalendarAddressRefused, CalendarOriginRefused } from '../outbound/ssrf-fetch.ts';

// ─── Errors: the shared CalDAV classifier (src/calendar-connectors/calendar-errors.ts), with what we did ─────

export function statusToCalendarError(status: number, body: string, headers: Headers | undefined, what: string): CalendarError {
  const c = caldavError(status, body, headers);
  return new CalendarError(c.kind, `CalDAV: ${what}: ${c.message}`, c.detail);
}

/** A request the SSRF fetch refused (another origin, or an address slotflow does not connect to). */
export function isSsrfRefusal(err: CalendarError): boolean {
  return err.detail.providerCode === 'ORIGIN_REFUSED' || err.detail.providerCode === 'ADDRESS_REFUSED';
}

export function thrownToCalendarError(err: unknown, what: string): CalendarError {
  if (err instanceof CalendarError) return err;
  // The SSRF fetch (ssrf-fetch.ts) refused: permanent until the admin fixes the server or its DNS.
  const refusal = [err, (err as { cause?: unknown } | null)?.cause].find((e) => e instanceof CalendarOriginRefused || e instanceof CalendarAddressRefused);
  if (refusal instanceof CalendarOriginRefused)
    return new CalendarError('NOT_FOUND', `CalDAV: ${what}: the server pointed elsewhere (another origin); refused`, {
      providerCode: 'ORIGIN_REFUSED',
      cause: err,
    });
  if (refusal instanceof CalendarAddressRefused)
    return new CalendarError('NOT_FOUND', `CalDAV: ${what}: the host resolved to an address slotflow does not connect to; refused`, {
      providerCode: 'ADDRESS_REFUSED',
      cause: err,
    });
  const c = caldavError(err);
  return new CalendarError(c.kind, `CalDAV: ${what}: ${c.message}`, { ...c.detail, cause: err });
}

/** A tsdav answer whose request itself failed (no multistatus) → CalendarError. */
export function checkMultistatus(rs: DAVResponse[], what: string): DAVResponse[] {
  const top = rs[0];
  if (rs.length === 1 && top && !top.ok && top.props === undefined) {
    throw statusToCalendarError(top.status, typeof top.raw === 'string' ? top.raw : '', undefined, what);
  }
  return rs;
}

// ─── DAV property helpers (tsdav's xml-js output: camelCased names, `_cdata`/`_text`, native numbers) ──

export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    const o = v as { _cdata?: unknown; _text?: unknown };
    if (o._cdata !== undefined) return textOf(o._cdata);
    if (o._text !== undefined) return textOf(o._text);
  }
  return '';
}

export function hrefOf(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.map(hrefOf).find((h) => h !== undefined);
  const t = textOf(v).trim();
  return t.length > 0 ? t : undefined;
}

export function isCalendar(r: DAVResponse): boolean {
  const rt = r.props?.resourcetype;
  return rt !== null && typeof rt === 'object' && 'calendar' in rt;
}

export function componentNames(comp: unknown): string[] {
  const list = Array.isArray(comp) ? comp : comp ? [comp] : [];
  return list
    .map((c) => (c as { _attributes?: { name?: unknown } })?._attributes?.name)
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.toUpperCase());
}

export function readOnlyOf(privilegeSet: unknown): boolean | undefined {
  if (!privilegeSet || typeof privilegeSet !== 'object') return undefined;
  const raw = (privilegeSet as { privilege?: unknown }).privilege;
  const privileges = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((p) => (p && typeof p === 'object' ? Object.keys(p) : []));
  if (privileges.length === 0) return undefined;
  return !privileges.some((p) => p === 'all' || p === 'write' || p === 'writeContent' || p === 'bind');
}

export function timeZoneOfVtimezone(text: string): string | undefined {
  if (!text.includes('VTIMEZONE')) return undefined;
  try {
    const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const tzid = root.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid');
    return typeof tzid === 'string' && tzid.length > 0 ? tzid : undefined;
  } catch {
    return undefined;
  }
}

export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => decodeURIComponent(p).replace(/\/+$/, '');
  return norm(a) === norm(b);
}

export function requestPath(input: unknown): string {
  try {
    const u = new URL(input instanceof Request ? input.url : String(input));
    return u.pathname;
  } catch {
    return String(input);
  }
}

// ─── Cursor ──────────────────────────────────────────────────────────────────────────────────────────

type Cursor = { stamp: string | undefined; from: number; to: number };

export function encodeCursor(c: Cursor): string {
  return `caldav1.${Buffer.from(JSON.stringify({ s: c.stamp ?? null, f: c.from, t: c.to })).toString('base64url')}`;
}

export function decodeCursor(cursor: string | null): Cursor | undefined {
  if (!cursor?.startsWith('caldav1.')) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor.slice('caldav1.'.length), 'base64url').toString('utf8')) as {
      s?: unknown;
      f?: unknown;
      t?: unknown;
    };
    if (typeof v.s !== 'string' || typeof v.f !== 'number' || typeof v.t !== 'number') return undefined;
    return { stamp: v.s, from: v.f, to: v.t };
  } catch {
    return undefined;
  }
}
