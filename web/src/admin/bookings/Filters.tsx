/**
 * Filters of the bookings page: statuses (checkboxes), provider, service, and — in the list view — the
 * local date range. Each change goes into the URL at once (no "apply" step), so back undoes it.
 * On phones the panel starts folded (a <details>) unless a filter is set, so the grid is in view.
 */
import { useState } from 'react';
import { BOOKING_CHANNELS, type Channel } from '../../../../src/domain/bookings/channels.ts';
import { formatBookingsQuery, type BookingsState, type PageView } from './query-state.ts';
import { STATUSES, statusLabel, type StatusName } from './status.ts';
import type { Catalog } from './use-catalog.ts';

type Props = {
  state: BookingsState;
  catalog: Catalog | undefined;
  /** The list range with defaults filled in (shown in the date inputs). */
  range: [string, string];
  onChange: (next: BookingsState) => void;
  /** The view an absent `view=` means (day on phones). */
  defaultView?: PageView;
};

const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Booking page',
  phone: 'Phone (voice agent)',
  email: 'E-mail',
  api: 'API',
  admin: 'Admin',
  agent: 'AI assistant (MCP)',
};

export function Filters({ state, catalog, range, onChange, defaultView = 'week' }: Props) {
  const toggle = (s: StatusName, on: boolean) => onChange({ ...state, statuses: on ? [...state.statuses, s] : state.statuses.filter((x) => x !== s) });
  const services = catalog ? [...catalog.services.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const providers = catalog ? [...catalog.providers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const count = state.statuses.length + (state.providerId ? 1 : 0) + (state.serviceId ? 1 : 0) + (state.channel ? 1 : 0) + (state.from || state.to ? 1 : 0);
  const active = count > 0;
  const [open, setOpen] = useState(() => active || window.matchMedia('(min-width: 761px)').matches);
  return (
    <details className="bk-filters-box" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Filters{count ? ` (${count})` : ''}</summary>
      <form className="bk-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        {state.view === 'list' && (
          <div className="bk-filter-dates">
            <div className="field">
              <label htmlFor="bk-from">From</label>
              <input id="bk-from" type="date" value={range[0]} onChange={(e) => onChange({ ...state, from: e.target.value || undefined })} />
            </div>
            <div className="field">
              <label htmlFor="bk-to">To</label>
              <input id="bk-to" type="date" value={range[1]} min={range[0]} onChange={(e) => onChange({ ...state, to: e.target.value || undefined })} />
            </div>
          </div>
        )}
        <div className="field">
          <label htmlFor="bk-provider">Provider</label>
          <select id="bk-provider" value={state.providerId ?? ''} onChange={(e) => onChange({ ...state, providerId: e.target.value || undefined })}>
            <option value="">All providers</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bk-service">Service</label>
          <select id="bk-service" value={state.serviceId ?? ''} onChange={(e) => onChange({ ...state, serviceId: e.target.value || undefined })}>
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bk-channel">Channel</label>
          <select
            id="bk-channel"
            value={state.channel ?? ''}
            onChange={(e) => onChange({ ...state, channel: (e.target.value || undefined) as Channel | undefined })}
          >
            <option value="">All channels</option>
            {BOOKING_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="bk-statuses">
          <legend>Status</legend>
          {STATUSES.map((s) => (
            <label key={s} className="bk-check">
              <input type="checkbox" checked={state.statuses.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
              <span className={`badge ${s}`}>{statusLabel(s)}</span>
            </label>
          ))}
        </fieldset>
        {active && (
          <p>
            <a
              href={`/admin/bookings${formatBookingsQuery({ view: state.view, statuses: [], ...(state.date ? { date: state.date } : {}), ...(state.zone ? { zone: state.zone } : {}) }, defaultView)}`}
              onClick={(e) => {
                e.preventDefault();
                onChange({ view: state.view, statuses: [], ...(state.date ? { date: state.date } : {}), ...(state.zone ? { zone: state.zone } : {}) });
              }}
            >
              Clear filters
            </a>
          </p>
        )}
      </form>
    </details>
  );
}
