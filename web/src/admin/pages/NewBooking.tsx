/**
 * The front desk's new booking (/admin/bookings/new): service, provider (or anyone), a day and one of its
 * free slots — or a typed time that is not offered (an override: a warning to confirm first) — then the
 * customer and the service's intake questions. POST /v1/admin/bookings books it through the same use case
 * and workflow as the widget (channel `admin`); the page then opens the new booking. Times are in the
 * admin's zone (the bookings page's switcher). A refusal (409: just taken; 422: a field) is shown in place,
 * the answers kept.
 */
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { navigate } from '../../shared/router.ts';
import { adminApi } from '../auth.ts';
import { preferredZone } from '../bookings/admin-zone.ts';
import { formatDateTime } from '../bookings/format.ts';
import { problemText } from '../bookings/problem.ts';
import { useCatalog } from '../bookings/use-catalog.ts';
import { useLoad } from '../bookings/use-load.ts';
import { localDate } from '../bookings/zone.ts';
import { IntakeFields } from '../frontdesk/IntakeFields.tsx';
import { TimeChoice } from '../frontdesk/TimeChoice.tsx';
import { choiceStart, intakeAnswers, newBookingBody, slotAtTime, type Choice, type CustomerDraft, type Slot } from '../frontdesk/new-booking.ts';
import '../bookings/bookings.css';
import '../frontdesk/frontdesk.css';

export function NewBookingPage() {
  const zone = preferredZone();
  const { catalog, error: catalogError } = useCatalog();
  const [serviceId, setServiceId] = useState('');
  const [providerId, setProviderId] = useState('');
  const [date, setDate] = useState(() => localDate(Date.now(), zone));
  const [choice, setChoice] = useState<Choice | null>(null);
  const [customer, setCustomer] = useState<CustomerDraft>({ name: '', email: '', phone: '' });
  const [answers, setAnswers] = useState<Record<string, string | boolean>>({});
  const [warned, setWarned] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const problemRef = useRef<HTMLParagraphElement>(null);

  const service = serviceId ? catalog?.services.get(serviceId) : undefined;
  const services = catalog ? [...catalog.services.values()].filter((s) => s.active).sort((a, b) => a.name.localeCompare(b.name)) : [];
  const providers = service && catalog ? service.providerIds.map((id) => catalog.providers.get(id)).filter((p) => p !== undefined && p.active) : [];
  const slotKey = service && date ? `slots|${service.id}|${providerId}|${date}|${zone}` : null;
  const slots = useLoad(slotKey, (signal) =>
    api<{ slots: Slot[] }>(
      `/v1/availability?${new URLSearchParams({ serviceId, from: date, to: date, timeZone: zone, ...(providerId ? { providerId } : {}) })}`,
      { signal },
    ).then((r) => r.slots),
  );
  const freeSlots = slotKey ? slots.data : undefined;

  const start = choice && date ? choiceStart(choice, date, zone) : null;
  const landsOn = choice?.kind === 'override' && start !== null ? slotAtTime(freeSlots ?? [], start, providerId || undefined) : undefined;
  const isOverride = choice?.kind === 'override' && start !== null && !landsOn;

  const reset = (next: () => void) => {
    next();
    setChoice(null);
    setWarned(false);
    setProblem(null);
  };
  const show = (text: string) => {
    setProblem(text);
    requestAnimationFrame(() => problemRef.current?.focus());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!service || start === null) return show('Choose a service and a time.');
    if (isOverride && !warned) {
      setWarned(true);
      return;
    }
    const slot = choice?.kind === 'slot' ? choice.slot : landsOn;
    setBusy(true);
    setProblem(null);
    try {
      const booked = await adminApi<{ id: string }>('/v1/admin/bookings', {
        method: 'POST',
        body: newBookingBody({
          serviceId: service.id,
          providerId: providerId || slot?.providerId,
          start,
          override: isOverride,
          customer,
          intake: intakeAnswers(service.intakeFields, answers),
        }),
      });
      navigate(`/admin/bookings/${booked.id}`);
    } catch (err) {
      setBusy(false);
      setWarned(false);
      if (err instanceof ApiError && (err.code === 'slot_unavailable' || err.code === 'not_a_slot')) {
        setChoice(null);
        void slots.reload();
      }
      show(problemText(err));
    }
  };

  const anyone = !providerId;
  return (
    <div className="fd-page">
      <p>
        <Link href="/admin/bookings">← Bookings</Link>
      </p>
      <h1>New booking</h1>
      {catalogError != null && <p className="notice bad">Could not load services: {problemText(catalogError)}</p>}
      <form className="fd-form" onSubmit={submit} aria-label="New booking">
        <fieldset>
          <legend>Appointment</legend>
          <div className="fd-row">
            <div className="field">
              <label htmlFor="fd-service">Service</label>
              <select
                id="fd-service"
                value={serviceId}
                required
                onChange={(e) => reset(() => (setServiceId(e.target.value), setProviderId(''), setAnswers({})))}
              >
                <option value="">Choose…</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.durationMinutes} min)
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="fd-provider">Provider</label>
              <select id="fd-provider" value={providerId} disabled={!service} onChange={(e) => reset(() => setProviderId(e.target.value))}>
                <option value="">Anyone</option>
                {providers.map((p) => (
                  <option key={p!.id} value={p!.id}>
                    {p!.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="fd-date">Day</label>
              <input id="fd-date" type="date" value={date} required onChange={(e) => reset(() => setDate(e.target.value))} />
            </div>
          </div>
          {service && (
            <TimeChoice
              slots={freeSlots}
              loading={slots.loading}
              zone={zone}
              catalog={catalog}
              anyone={anyone}
              choice={choice}
              isOverride={isOverride}
              onChoose={(c) => (setChoice(c), setWarned(false), setProblem(null))}
            />
          )}
          {slots.error != null && <p className="notice bad">Could not load free slots: {problemText(slots.error)}</p>}
        </fieldset>
        <fieldset>
          <legend>Customer</legend>
          <div className="fd-row">
            <div className="field">
              <label htmlFor="fd-name">Name *</label>
              <input id="fd-name" required maxLength={200} value={customer.name} onChange={(e) => setCustomer({ ...customer, name: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="fd-email">E-mail</label>
              <input id="fd-email" type="email" value={customer.email} onChange={(e) => setCustomer({ ...customer, email: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="fd-phone">Phone</label>
              <input id="fd-phone" type="tel" value={customer.phone} onChange={(e) => setCustomer({ ...customer, phone: e.target.value })} />
            </div>
          </div>
          {service && service.intakeFields.length > 0 && (
            <IntakeFields fields={service.intakeFields} values={answers} onChange={(k, v) => setAnswers({ ...answers, [k]: v })} />
          )}
        </fieldset>
        {problem && (
          <p className="notice bad" role="alert" tabIndex={-1} ref={problemRef}>
            {problem}
          </p>
        )}
        {warned && isOverride && start !== null && (
          <div className="fd-warning" role="alert">
            <strong>{formatDateTime(start, zone)} is not a free slot.</strong>
            <p>
              Booking it as an override skips the service's slot rules: the time grid, the provider's working hours, the minimum notice, the advance window and
              calendar busy time. A time that overlaps another booking is still refused. The override is recorded in the booking's history.
            </p>
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !service || start === null}>
            {busy ? 'Booking…' : warned && isOverride ? 'Book anyway' : 'Create booking'}
          </button>
          {warned && isOverride && (
            <button type="button" onClick={() => setWarned(false)}>
              Back
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
