/**
 * Words for a calendar connection's state on the Calendars screen. Pure: no DOM, no React, no clock.
 */
import type { Connection, ConnectionKind, SyncAnswer } from './types.ts';

export const KIND_LABELS: Record<ConnectionKind, string> = { caldav: 'CalDAV', google: 'Google Calendar', microsoft: 'Microsoft 365' };

/** The badge: its text and the shared badge class that colours it (styles.css). */
export function healthBadge(c: Pick<Connection, 'status'>): { text: string; className: string } {
  if (c.status === 'healthy') return { text: 'healthy', className: 'confirmed' };
  if (c.status === 'unhealthy') return { text: 'unhealthy', className: 'failed' };
  return { text: 'waiting for consent', className: 'pending' };
}

/** What an unreadable calendar does to the provider's slots. */
export function failModeText(c: Pick<Connection, 'failClosed'>): string {
  return c.failClosed ? 'While unreadable: no slots offered' : 'While unreadable: slots still offered';
}

/** The result of "Sync now" as a sentence; `ok` false when the calendar could not be read. */
export function syncResultText(answer: SyncAnswer): { ok: boolean; text: string } {
  const o = answer.outcome;
  if (o.status === 'unhealthy') return { ok: false, text: `Sync failed: ${o.error}` };
  const blocks = `${o.blocks} busy ${o.blocks === 1 ? 'time' : 'times'} in the calendar`;
  const changes = o.changed + o.removed === 0 ? 'nothing changed' : `${o.changed} changed, ${o.removed} removed`;
  return { ok: true, text: `Synced: ${blocks}; ${changes}.` };
}
