/**
 * "Connect a calendar": a provider, then either a CalDAV account (URL, username, password — the password is
 * sent once and never shown back: the API keeps it sealed and answers no secret) or the Google / Microsoft
 * consent. Starting a consent creates a pending connection and opens the provider's consent page in a new
 * tab (a link stays for when the browser blocked it). When the gateway cannot connect (calendar connections
 * or that OAuth client not configured), the server's own problem text is shown.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import type { Provider } from '../../api/types.ts';
import { adminApi } from '../auth.ts';
import { errorAt, errorsFromProblems, type FieldErrors } from '../catalog/errors.ts';
import { TextField } from '../catalog/ui.tsx';
import { KIND_LABELS } from './health.ts';
import type { Connection } from './types.ts';

type Props = { providers: Provider[]; providerId: string; onProvider: (id: string) => void; onConnected: () => Promise<void> | void };

type Outcome = { ok: boolean; text: string; consentUrl?: string };

/** The text of a refused connect: field problems stay at their fields; the rest is the server's sentence. */
function refusal(err: unknown, fieldsShown: readonly string[]): { fields: FieldErrors; text: string } {
  if (!(err instanceof ApiError)) return { fields: {}, text: err instanceof Error ? err.message : String(err) };
  const fields = errorsFromProblems(err.errors.filter((e) => fieldsShown.includes(e.path.replace(/^body\./, ''))));
  return { fields, text: err.message };
}

export function ConnectForm({ providers, providerId, onProvider, onConnected }: Props) {
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failClosed, setFailClosed] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function connectCalDav(e: FormEvent) {
    e.preventDefault();
    setBusy('caldav');
    setOutcome(null);
    setErrors({});
    try {
      const c = await adminApi<Connection>('/v1/admin/connections', {
        method: 'POST',
        body: { kind: 'caldav', providerId, url: url.trim(), username: username.trim(), password, failClosed },
      });
      setPassword('');
      setOutcome({ ok: c.status === 'healthy', text: `Connected ${c.displayName}: ${c.status === 'healthy' ? 'synced' : (c.lastError ?? c.status)}.` });
      await onConnected();
    } catch (err) {
      const r = refusal(err, ['url', 'username', 'password', 'providerId']);
      setErrors(r.fields);
      setOutcome({ ok: false, text: `Not connected: ${r.text}` });
    } finally {
      setBusy(null);
    }
  }

  async function startConsent(kind: 'google' | 'microsoft') {
    setBusy(kind);
    setOutcome(null);
    setErrors({});
    try {
      const c = await adminApi<Connection & { consentUrl: string }>('/v1/admin/connections', { method: 'POST', body: { kind, providerId, failClosed } });
      window.open(c.consentUrl, '_blank', 'noopener');
      setOutcome({
        ok: true,
        text: `${KIND_LABELS[kind]}: the consent page opened in a new tab. Once it says the calendar is connected, come back and refresh.`,
        consentUrl: c.consentUrl,
      });
      await onConnected();
    } catch (err) {
      setOutcome({ ok: false, text: `${KIND_LABELS[kind]} cannot be connected: ${refusal(err, []).text}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card cal-connect" aria-labelledby="cal-connect-title">
      <h2 id="cal-connect-title">Connect a calendar</h2>
      <p className="muted">Busy times in the calendar block the provider&rsquo;s slots; bookings are written into it.</p>
      <div className="cal-connect-head">
        <div className="field">
          <label htmlFor="cal-provider">Provider</label>
          <select id="cal-provider" value={providerId} onChange={(e) => onProvider(e.target.value)}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field cat-check">
          <input id="cal-fail-closed" type="checkbox" checked={failClosed} onChange={(e) => setFailClosed(e.target.checked)} />
          <label htmlFor="cal-fail-closed">Offer no slots while the calendar cannot be read</label>
        </div>
      </div>
      <div className="cal-connect-ways">
        <form onSubmit={(e) => void connectCalDav(e)} aria-labelledby="cal-caldav-title" noValidate>
          <h3 id="cal-caldav-title">CalDAV (Nextcloud, iCloud, Fastmail, Radicale…)</h3>
          <TextField
            id="cal-url"
            label="Server or calendar URL"
            type="url"
            value={url}
            onChange={setUrl}
            error={errorAt(errors, 'url')}
            placeholder="https://cloud.example.com/remote.php/dav/"
            autoComplete="off"
          />
          <TextField id="cal-username" label="Username" value={username} onChange={setUsername} error={errorAt(errors, 'username')} autoComplete="off" />
          <TextField
            id="cal-password"
            label="Password (or app password)"
            type="password"
            value={password}
            onChange={setPassword}
            error={errorAt(errors, 'password')}
            autoComplete="new-password"
            hint="Stored encrypted; never shown again."
          />
          <button type="submit" className="primary" disabled={busy !== null || !providerId || !url.trim() || !username.trim() || !password}>
            {busy === 'caldav' ? 'Connecting…' : 'Connect CalDAV'}
          </button>
        </form>
        <div className="cal-oauth" role="group" aria-labelledby="cal-oauth-title">
          <h3 id="cal-oauth-title">Google or Microsoft 365</h3>
          <p className="muted">Opens the account&rsquo;s consent page; the provider signs in and allows access to their calendar.</p>
          <div className="row">
            <button type="button" disabled={busy !== null || !providerId} onClick={() => void startConsent('google')}>
              Connect Google
            </button>
            <button type="button" disabled={busy !== null || !providerId} onClick={() => void startConsent('microsoft')}>
              Connect Microsoft 365
            </button>
          </div>
        </div>
      </div>
      {outcome && (
        <p className={`notice ${outcome.ok ? 'ok' : 'bad'}`} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
          {outcome.consentUrl && (
            <>
              {' '}
              <a href={outcome.consentUrl} target="_blank" rel="noopener noreferrer">
                Open the consent page
              </a>
            </>
          )}
        </p>
      )}
    </section>
  );
}
