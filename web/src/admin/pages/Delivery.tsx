/**
 * Delivery settings: which e-mail and SMS transports are active (configured by environment variables, not
 * here), what is missing, and a test e-mail through the active transport — captured in the outbox when
 * none is configured.
 */
import { useState, type FormEvent } from 'react';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { problemText } from '../bookings/problem.ts';
import { useLoad } from '../bookings/use-load.ts';
import type { DeliveryStatus } from '../delivery/types.ts';
import '../delivery/delivery.css';

type TestAnswer = { message: { id: string; recipient: string; transport: string; status: string } };

const EMAIL_LABELS = { smtp: 'SMTP (SMTP_URL)', sendgrid: 'SendGrid (SENDGRID_API_KEY)', outbox: 'Outbox only: nothing is sent' } as const;

export function DeliveryPage() {
  const status = useLoad('delivery', (signal) => adminApi<DeliveryStatus>('/v1/admin/delivery', { signal }));
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const s = status.data;

  async function sendTest(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const { message } = await adminApi<TestAnswer>('/v1/admin/delivery/test', { method: 'POST', body: { to: to.trim() } });
      setResult(
        message.status === 'captured'
          ? { ok: true, text: `Captured in the outbox (no e-mail transport): nothing was sent to ${message.recipient}.` }
          : { ok: true, text: `Sent to ${message.recipient} through ${message.transport}. Check that inbox.` },
      );
      await status.reload();
    } catch (err) {
      setResult({ ok: false, text: problemText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="bk-page" aria-labelledby="dl-title" aria-busy={status.loading}>
      <h1 id="dl-title">Delivery</h1>
      <p className="muted">
        How messages reach customers. Transports are set by environment variables (see the README, “E-mail and SMS”) and take effect on restart.
      </p>
      {status.error != null && (
        <p className="notice bad" role="alert">
          Could not load the delivery settings: {problemText(status.error)}
        </p>
      )}
      {s && (
        <div className="card dl-card">
          <dl className="dl-settings">
            <dt>E-mail</dt>
            <dd data-testid="email-transport">
              <span className={`badge ${s.email.delivering ? 'confirmed' : 'failed'}`}>{s.email.delivering ? 'active' : 'off'}</span>{' '}
              {EMAIL_LABELS[s.email.transport]}
            </dd>
            <dt>Sender</dt>
            <dd>{s.email.from}</dd>
            <dt>SMS</dt>
            <dd data-testid="sms-transport">
              <span className={`badge ${s.sms.delivering ? 'confirmed' : s.sms.usedByReminders ? 'failed' : 'cancelled'}`}>
                {s.sms.delivering ? 'active' : 'off'}
              </span>{' '}
              {s.sms.delivering
                ? `Twilio${s.sms.from ? ` from ${s.sms.from}` : ''}`
                : s.sms.usedByReminders
                  ? 'Not configured, but services remind by SMS'
                  : 'Not configured (no service reminds by SMS)'}
            </dd>
            <dt>Outbox</dt>
            <dd>
              {s.captured} captured message{s.captured === 1 ? '' : 's'} — <Link href="/admin/outbox">view the outbox</Link>
            </dd>
          </dl>
          {s.warnings.map((w) => (
            <p key={w.code} className="notice warn">
              {w.message}
            </p>
          ))}
        </div>
      )}
      <div className="card dl-card">
        <h2>Send a test e-mail</h2>
        <form className="dl-test" onSubmit={(e) => void sendTest(e)}>
          <div className="field">
            <label htmlFor="dl-to">To</label>
            <input id="dl-to" type="email" required value={to} onChange={(e) => setTo(e.target.value)} placeholder="you@example.com" />
          </div>
          <button type="submit" className="primary" disabled={busy || !to.trim()}>
            Send test e-mail
          </button>
        </form>
        {result && (
          <p className={`notice ${result.ok ? 'ok' : 'bad'}`} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </p>
        )}
      </div>
    </section>
  );
}
