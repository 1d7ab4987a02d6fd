/** How tools phrase times and refusals for a caller (labels from src/domain/availability/spoken-time.ts). */
import { formatInZone } from '../domain/time/zones.ts';
import { spokenLabel } from '../domain/availability/spoken-time.ts';
import type { Slot } from '../domain/availability/types.ts';
import { formatNotice } from '../domain/policies/change-policy.ts';

export function spokenSlot(slot: Slot, timeZone: string, locale: string) {
  return {
    start: formatInZone(slot.start, timeZone),
    end: formatInZone(slot.end, timeZone),
    providerId: slot.providerId,
    label: spokenLabel(slot.start, timeZone, locale),
  };
}

/** "Cancellations need 24 hours' notice; the appointment is Tuesday 8 December at 09:00." */
export function noticeSentence(action: 'cancel' | 'reschedule', noticeMinutes: number, appointmentLabel: string): string {
  const what = action === 'cancel' ? 'Cancellations' : 'Changes';
  return `${what} need ${formatNotice(noticeMinutes)}' notice; the appointment is ${appointmentLabel}. The caller needs to contact the business directly.`;
}
