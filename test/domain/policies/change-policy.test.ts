import { describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../../src/domain/bookings/booking-status.ts';
import {
  appointmentOutcome,
  attendanceOutcome,
  attendanceRefusal,
  changeDeadline,
  changeRefusal,
  checkChangeAllowed,
  unmarkedOutcome,
  type Attendance,
  type AttendanceOutcome,
  type ChangeAction,
  type ChangeActor,
} from '../../../src/domain/policies/change-policy.ts';
import type { ErrorCode } from '../../../src/errors.ts';
import { caught, codeOf } from '../../support/app-error.ts';
import { TEST_NOW } from '../../support/clock.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** The appointment: a whole hour three days after the pinned "now" (only distances to it matter). */
const START = Math.floor(TEST_NOW / HOUR) * HOUR + 72 * HOUR;
const NOTICE = 24 * 60;

const check = (action: ChangeAction, actor: ChangeActor, status: BookingStatus, now: number, noticeMinutes = NOTICE) =>
  codeOf(() => checkChangeAllowed({ action, start: START, now, noticeMinutes, actor, status }));

describe('checkChangeAllowed: status rules (admins too)', () => {
  const early = START - 7 * 24 * 60 * MIN;
  const table: [BookingStatus, ErrorCode | 'ok', ErrorCode | 'ok'][] = [
    // status,     cancel,     reschedule
    ['held', 'ok', 'conflict'],
    ['pending', 'ok', 'ok'],
    ['confirmed', 'ok', 'ok'],
    ['cancelled', 'conflict', 'conflict'],
    ['expired', 'conflict', 'conflict'],
    ['rejected', 'conflict', 'conflict'],
    ['completed', 'conflict', 'conflict'],
    ['no_show', 'conflict', 'conflict'],
  ];
  it.each(table)('%s: cancel → %s, reschedule → %s', (status, cancel, reschedule) => {
    for (const actor of ['customer', 'admin'] as const) {
      expect(check('cancel', actor, status, early)).toBe(cancel);
      expect(check('reschedule', actor, status, early)).toBe(reschedule);
    }
  });
});

describe('checkChangeAllowed: timing', () => {
  const deadline = START - NOTICE * MIN;
  const table: [string, ErrorCode | 'ok', ChangeActor, number, number][] = [
    ['customer well before the window', 'ok', 'customer', deadline - 60 * MIN, NOTICE],
    ['customer exactly at the edge', 'ok', 'customer', deadline, NOTICE],
    ['customer 1 ms inside the window', 'policy_window', 'customer', deadline + 1, NOTICE],
    ['customer 1 minute before start', 'policy_window', 'customer', START - MIN, NOTICE],
    ['customer at start', 'conflict', 'customer', START, NOTICE],
    ['customer after start', 'conflict', 'customer', START + 30 * MIN, NOTICE],
    ['customer with no notice, 1 ms before start', 'ok', 'customer', START - 1, 0],
    ['customer with no notice, at start', 'conflict', 'customer', START, 0],
    ['admin inside the window', 'ok', 'admin', deadline + 1, NOTICE],
    ['admin 1 ms before start', 'ok', 'admin', START - 1, NOTICE],
    ['admin at start', 'conflict', 'admin', START, NOTICE],
    ['admin after start', 'conflict', 'admin', START + 1, NOTICE],
  ];
  it.each(table)('%s → %s', (_name, expected, actor, now, notice) => {
    for (const action of ['cancel', 'reschedule'] as const) expect(check(action, actor, 'confirmed', now, notice)).toBe(expected);
  });

  it('status is checked before timing: a cancelled booking inside the window is a conflict, not policy_window', () => {
    expect(check('cancel', 'customer', 'cancelled', START - MIN)).toBe('conflict');
  });

  it('answers 403 for the window and 409 otherwise, with the notice in words', () => {
    const err = caught(() =>
      checkChangeAllowed({ action: 'cancel', start: START, now: START - MIN, noticeMinutes: NOTICE, actor: 'customer', status: 'confirmed' }),
    );
    expect(err.status).toBe(403);
    expect(err.message).toContain('24 hours before');
    expect(err.message).toContain(new Date(START - NOTICE * MIN).toISOString());
  });
});

describe('attendanceOutcome', () => {
  const END = START + HOUR;
  const GRACE = 30;
  const table: [string, AttendanceOutcome, number, Attendance | null, 'completed' | 'no_show' | undefined][] = [
    ['before the end, unmarked', 'wait', END - 1, null, undefined],
    ['before the end, checked in', 'wait', END - 1, 'checked_in', undefined],
    ['before the end, marked no-show', 'wait', END - 1, 'no_show', undefined],
    ['at the end, checked in', 'completed', END, 'checked_in', undefined],
    ['at the end, marked no-show', 'no_show', END, 'no_show', undefined],
    ['in the grace period, unmarked', 'wait', END + GRACE * MIN - 1, null, undefined],
    ['grace over, unmarked (default)', 'completed', END + GRACE * MIN, null, undefined],
    ['grace over, unmarked, check-in required', 'no_show', END + GRACE * MIN, null, 'no_show'],
    ['grace over, checked in, check-in required', 'completed', END + GRACE * MIN, 'checked_in', 'no_show'],
    ['long after, marked no-show', 'no_show', END + 10 * GRACE * MIN, 'no_show', 'completed'],
  ];
  it.each(table)('%s → %s', (_name, expected, now, attendance, unmarked) => {
    expect(attendanceOutcome({ end: END, now, graceMinutes: GRACE, attendance, ...(unmarked ? { unmarked } : {}) })).toBe(expected);
  });

  it('zero grace decides unmarked bookings at the end', () => {
    expect(attendanceOutcome({ end: END, now: END, graceMinutes: 0, attendance: null })).toBe('completed');
  });
});

describe('changeRefusal / changeDeadline: the shape every caller uses', () => {
  it('the deadline is start − notice, and a customer may still act exactly at it', () => {
    expect(changeDeadline(START, NOTICE)).toBe(START - NOTICE * MIN);
    const at = (now: number) => changeRefusal({ action: 'cancel', start: START, now, noticeMinutes: NOTICE, actor: 'customer', status: 'confirmed' });
    expect(at(changeDeadline(START, NOTICE))).toBeNull();
    expect(at(changeDeadline(START, NOTICE) + 1)).toMatchObject({ code: 'policy_window' });
  });

  it('a held booking is confirmed before it is moved; the system acts like an admin (no window, never after the start)', () => {
    expect(changeRefusal({ action: 'reschedule', start: START, now: START - 7 * 24 * HOUR, noticeMinutes: NOTICE, actor: 'admin', status: 'held' })).toEqual({
      code: 'conflict',
      message: 'Confirm the hold before moving it.',
    });
    expect(changeRefusal({ action: 'cancel', start: START, now: START - MIN, noticeMinutes: NOTICE, actor: 'system', status: 'confirmed' })).toBeNull();
    expect(changeRefusal({ action: 'cancel', start: START, now: START, noticeMinutes: NOTICE, actor: 'system', status: 'confirmed' })).toMatchObject({
      code: 'conflict',
    });
  });
});

describe('attendance: when it may be recorded, and what an unmarked appointment becomes', () => {
  it('only a confirmed booking, from its start on', () => {
    expect(attendanceRefusal({ status: 'confirmed', start: START }, START - 1)).toMatch(/once the appointment has started/);
    expect(attendanceRefusal({ status: 'confirmed', start: START }, START)).toBeNull();
    for (const status of ['held', 'pending', 'cancelled', 'completed'] as const)
      expect(attendanceRefusal({ status, start: START }, START + HOUR)).not.toBeNull();
  });

  it('a mark decides; unmarked follows the service policy (absent: assume attended)', () => {
    expect(unmarkedOutcome(undefined)).toBe('completed');
    expect(unmarkedOutcome('assume_attended')).toBe('completed');
    expect(unmarkedOutcome('require_check_in')).toBe('no_show');
    expect(appointmentOutcome('checked_in', 'no_show')).toBe('completed');
    expect(appointmentOutcome('no_show', 'completed')).toBe('no_show');
    expect(appointmentOutcome(null, 'no_show')).toBe('no_show');
    expect(appointmentOutcome(null, 'completed')).toBe('completed');
  });
});
