/**
 * A refused move or cancel, said in one sentence a caller can hear: the notice window names the notice
 * and the appointment ("Cancellations need 24 hours' notice; the appointment is Tuesday 8 December at
 * 09:00"); other refusals keep their code and message.
 */
import type { BookingRow } from '../../db/booking.repository.ts';
import { AppError } from '../../errors.ts';
import { refusal, type ToolRefusal } from '../agent-tool.ts';
import { noticeSentence } from '../spoken.ts';

export function changeRefusal(err: unknown, action: 'cancel' | 'reschedule', row: BookingRow, noticeMinutes: number, label: string): ToolRefusal {
  if (err instanceof AppError && err.code === 'policy_window') return refusal('policy_window', noticeSentence(action, noticeMinutes, label), { noticeMinutes });
  if (err instanceof AppError && err.code === 'booking_changed')
    return refusal('conflict', 'The booking changed meanwhile; look it up again with find_bookings.');
  if (err instanceof AppError && err.status < 500) return refusal(err.code, err.message, { status: row.status });
  throw err;
}
