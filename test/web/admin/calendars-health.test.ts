/** The Calendars screen's words for a connection's state and a sync's result (web/src/admin/calendars/health.ts). */
import { describe, expect, it } from 'vitest';
import { failModeText, healthBadge, syncResultText } from '../../../web/src/admin/calendars/health.ts';
import type { Connection } from '../../../web/src/admin/calendars/types.ts';

const conn: Connection = {
  id: 'c1',
  providerId: 'p1',
  kind: 'caldav',
  status: 'healthy',
  displayName: 'Practice',
  calendarId: '/u/practice/',
  failClosed: true,
  lastSyncAt: '2030-01-01T00:00:00.000Z',
  lastError: null,
  lastErrorKind: null,
  createdAt: '2030-01-01T00:00:00.000Z',
};

describe('calendar connection health', () => {
  it('badges each status with the colour of its meaning', () => {
    expect(healthBadge({ status: 'healthy' })).toEqual({ text: 'healthy', className: 'confirmed' });
    expect(healthBadge({ status: 'unhealthy' })).toEqual({ text: 'unhealthy', className: 'failed' });
    expect(healthBadge({ status: 'pending' })).toEqual({ text: 'waiting for consent', className: 'pending' });
  });

  it('says what an unreadable calendar does to the slots', () => {
    expect(failModeText({ failClosed: true })).toBe('While unreadable: no slots offered');
    expect(failModeText({ failClosed: false })).toBe('While unreadable: slots still offered');
  });

  it('words a sync result: counts when it read the calendar, the error when not', () => {
    const healthy = (blocks: number, changed: number, removed: number) =>
      syncResultText({ outcome: { status: 'healthy', full: false, blocks, changed, removed }, connection: conn });
    expect(healthy(2, 1, 0)).toEqual({ ok: true, text: 'Synced: 2 busy times in the calendar; 1 changed, 0 removed.' });
    expect(healthy(1, 0, 0)).toEqual({ ok: true, text: 'Synced: 1 busy time in the calendar; nothing changed.' });
    expect(syncResultText({ outcome: { status: 'unhealthy', error: 'Refused (401)' }, connection: { ...conn, status: 'unhealthy' } })).toEqual({
      ok: false,
      text: 'Sync failed: Refused (401)',
    });
  });
});
