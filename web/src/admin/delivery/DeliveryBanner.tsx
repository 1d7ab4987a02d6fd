/**
 * The banner on every admin page while customers would get nothing: no e-mail transport configured (or
 * services remind by SMS without one). It links the delivery screen and the outbox viewer. A landmark
 * (`aside`), not an alert: it stays until the configuration changes, so it is not announced as news.
 */
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { useLoad } from '../bookings/use-load.ts';
import type { DeliveryStatus } from './types.ts';
import './delivery.css';

export function DeliveryBanner() {
  const status = useLoad('delivery', (signal) => adminApi<DeliveryStatus>('/v1/admin/delivery', { signal }));
  const warnings = status.data?.warnings ?? [];
  if (warnings.length === 0) return null;
  const emailOff = warnings.some((w) => w.code === 'email_not_configured');
  return (
    <aside className="notice warn dl-banner" aria-label="Message delivery">
      <strong>{emailOff ? 'E-mail is not configured: customers get no messages.' : 'SMS is not configured.'}</strong> {warnings.map((w) => w.message).join(' ')}{' '}
      <Link href="/admin/delivery">Delivery settings</Link>
      {emailOff && (
        <>
          {' · '}
          <Link href="/admin/outbox">See what customers would get (outbox)</Link>
        </>
      )}
    </aside>
  );
}
