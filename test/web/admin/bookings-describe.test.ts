/** Wording of the detail screen: intake answers under their labels, events, message kinds, statuses. */
import { describe, expect, it } from 'vitest';
import { eventDetail, eventTitle, intakeRows, messageKindLabel } from '../../../web/src/admin/bookings/describe.ts';
import { statusLabel } from '../../../web/src/admin/bookings/status.ts';

describe('detail wording', () => {
  it('lists intake answers in field order under their labels, then unknown keys', () => {
    const fields = [
      { key: 'reason', label: 'Reason for visit', type: 'textarea' },
      { key: 'insured', label: 'Insured?', type: 'checkbox' },
      { key: 'note', label: 'Note', type: 'text' },
    ];
    expect(intakeRows({ legacy: 'x', insured: false, reason: 'Back pain', note: '' }, fields)).toEqual([
      { key: 'reason', label: 'Reason for visit', value: 'Back pain' },
      { key: 'insured', label: 'Insured?', value: 'No' },
      { key: 'legacy', label: 'legacy', value: 'x' },
    ]);
  });

  it('describes events, including a reschedule with its times and a cancel reason', () => {
    expect(eventTitle('awaiting_approval')).toBe('Awaiting approval');
    expect(eventTitle('rejected')).toBe('Declined');
    expect(eventTitle('something_new')).toBe('something new');
    expect(eventDetail('rescheduled', { from: 'A', to: 'B' }, (s) => `<${s}>`)).toBe('<A> → <B>');
    expect(eventDetail('cancelled', { reason: 'Sick' }, String)).toBe('Reason: Sick');
    expect(eventDetail('reserved', { status: 'pending', channel: 'web' }, String)).toBe('as pending approval via web');
    expect(eventDetail('reserved', { status: 'confirmed', channel: 'admin', override: { skipped: 'not_a_slot' } }, String)).toBe(
      'as confirmed via admin — booked by override: not a free slot',
    );
    expect(eventDetail('no_show', { attendance: 'no_show' }, String)).toBe('attendance: no show');
    expect(eventDetail('confirmed', null, String)).toBeNull();
  });

  it('labels message kinds and statuses, including the API\'s "rejected"', () => {
    expect(messageKindLabel('approval_pending')).toBe('Awaiting approval');
    expect(statusLabel('rejected')).toBe('Declined');
    expect(statusLabel('no_show')).toBe('No-show');
    expect(statusLabel('weird')).toBe('weird');
  });
});
