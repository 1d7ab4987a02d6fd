/** What the calendar connector suites share: a fixed four-week window, an event draft, a failure catcher. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { CalendarError, type EventDraft } from '../../src/calendar-connectors/connector.ts';

export const H = 3_600_000;
export const DAY = 24 * H;
/** Monday 2030-01-07 00:00 UTC … Monday 2030-02-04 00:00 UTC: four weeks. */
export const WINDOW = { from: Date.UTC(2030, 0, 7), to: Date.UTC(2030, 1, 4) };

export const iso = (ms: number) => new Date(ms).toISOString();
/** A fresh event key of the shape slotflow derives from a booking (`sf` + 32 hex). */
export const eventKey = () => `sf${randomBytes(16).toString('hex')}`;

/** A booking's event on the window's Wednesday, 14:00–15:00 UTC. */
export function draft(overrides: Partial<EventDraft> = {}): EventDraft {
  return {
    eventKey: eventKey(),
    bookingId: 'bk_01HZX',
    title: 'Haircut with Ana',
    description: 'Booked via slotflow',
    start: WINDOW.from + 2 * DAY + 14 * H,
    end: WINDOW.from + 2 * DAY + 15 * H,
    timeZone: 'Europe/Berlin',
    location: 'Main St 1',
    attendees: [{ name: 'Ana', email: 'ana@example.org' }],
    ...overrides,
  };
}

/** The CalendarError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function failure(promise: Promise<unknown>): Promise<CalendarError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CalendarError);
  return err as CalendarError;
}
