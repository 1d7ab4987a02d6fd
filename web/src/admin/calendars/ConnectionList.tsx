/**
 * One provider's calendar connections: kind, calendar, health (badge, last sync, last error), and per
 * connection "Sync now" (answers when the sync is done; its result stays beside the row) and "Disconnect"
 * (after a confirm: the schedule stops and the credentials and synced busy times are forgotten).
 */
import { useState } from 'react';
import { adminApi } from '../auth.ts';
import { formatShort } from '../bookings/format.ts';
import { serverMessage } from '../server-message.ts';
import { failModeText, healthBadge, KIND_LABELS, syncResultText } from './health.ts';
import type { Connection, SyncAnswer } from './types.ts';

type Props = { providerName: string; connections: Connection[]; zone: string; onChanged: () => Promise<void> | void };

export function ConnectionList({ providerName, connections, zone, onChanged }: Props) {
  if (connections.length === 0) return <p className="muted">No calendar connected.</p>;
  return (
    <table className="cat-table cal-table">
      <thead>
        <tr>
          <th scope="col">Calendar</th>
          <th scope="col">Health</th>
          <th scope="col">Last sync</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => (
          <ConnectionRow key={c.id} c={c} providerName={providerName} zone={zone} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

function ConnectionRow({ c, providerName, zone, onChanged }: { c: Connection; providerName: string; zone: string; onChanged: Props['onChanged'] }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const badge = healthBadge(c);

  async function syncNow() {
    setBusy(true);
    setResult(null);
    try {
      setResult(syncResultText(await adminApi<SyncAnswer>(`/v1/admin/connections/${c.id}/sync`, { method: 'POST' })));
      await onChanged();
    } catch (err) {
      setResult({ ok: false, text: `Sync failed: ${serverMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  async function disconnect() {
    if (!window.confirm(`Disconnect ${c.displayName} from ${providerName}? Its busy times stop blocking slots.`)) return;
    setBusy(true);
    setResult(null);
    try {
      await adminApi(`/v1/admin/connections/${c.id}`, { method: 'DELETE' });
      await onChanged();
    } catch (err) {
      setResult({ ok: false, text: `Not disconnected: ${serverMessage(err)}` });
      setBusy(false);
    }
  }

  return (
    <tr data-connection={c.id} data-status={c.status} aria-label={`${KIND_LABELS[c.kind]}: ${c.displayName}`}>
      <td data-label="Calendar">
        {/* A pending consent's name already says its kind ("Google Calendar (waiting for consent)"). */}
        {!c.displayName.startsWith(KIND_LABELS[c.kind]) && <strong>{KIND_LABELS[c.kind]} </strong>}
        <span className="cal-name">{c.displayName}</span>
        {c.calendarId && <div className="muted cal-id">{c.calendarId}</div>}
        <div className="muted">{failModeText(c)}</div>
      </td>
      <td data-label="Health">
        <span className={`badge ${badge.className}`}>{badge.text}</span>
        {c.status !== 'healthy' && c.lastError && <div className="error-text cal-error">{c.lastError}</div>}
      </td>
      <td data-label="Last sync">{c.lastSyncAt ? formatShort(Date.parse(c.lastSyncAt), zone) : 'never'}</td>
      <td data-label="Actions">
        <div className="row">
          {c.status !== 'pending' && (
            <button type="button" disabled={busy} onClick={() => void syncNow()}>
              {busy ? 'Working…' : 'Sync now'}
            </button>
          )}
          <button type="button" className="danger" disabled={busy} onClick={() => void disconnect()}>
            Disconnect
          </button>
        </div>
        {result && (
          <p className={`notice ${result.ok ? 'ok' : 'bad'} cal-result`} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </p>
        )}
      </td>
    </tr>
  );
}
