/**
 * The booking widget: service → provider (or "Anyone") → day and time → details → confirmation.
 * Steps the caller fixed are skipped (a `serviceId` prop; a service with one provider). Usable as a
 * component on any React page (point `setApiBase()` at the gateway first); book/main.tsx mounts it
 * with the URL's parameters.
 *
 * Booking contract: one Idempotency-Key per submission attempt of one request body (form-model.ts),
 * so a double click or a retried network error never books twice; the button is disabled while a
 * request is in flight. A lost race (409) goes back to the times, refreshed, with the answers kept.
 */
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { BookingCreated, PublicService, Slot } from '../api/types.ts';
import { formatRange } from './format.ts';
import type { FormAnswers, IdempotencyKeys } from './form-model.ts';
import { toUiProblem, type UiProblem } from './problems.ts';
import { groupClassText, seatsLeftText, serviceLine } from './seats.ts';
import { TimePicker } from './TimePicker.tsx';
import { chooseZone, environmentZones } from './zone.ts';
import './book.css';
import { t } from '../shared/i18n/en-book.ts';

// The details + confirmation chunk: fetched while the customer picks a time (see prefetch below).
// One shared import promise (prefetch and lazy() use the same); a failed load is retried next time.
let detailsChunk: ReturnType<typeof importDetails> | null = null;
function importDetails() {
  return import('./DetailsStep.tsx');
}
const loadDetails = () =>
  (detailsChunk ??= importDetails().catch((err: unknown) => {
    detailsChunk = null;
    throw err;
  }));
const LateSteps = lazy(loadDetails);

export type BookingWidgetProps = {
  serviceId?: string | undefined;
  providerId?: string | undefined;
  /** IANA zone to show times in; default: the browser's. The customer can switch it. */
  timeZone?: string | undefined;
  /**
   * Language of dates and of the customer's messages (en, de); default: the browser's. The labels follow the
   * active catalogue (shared/i18n: `settlePageLocale` / `activateLocale` before the first render).
   */
  locale?: string | undefined;
  onBooked?: ((booking: BookingCreated) => void) | undefined;
};

type Step = 'service' | 'provider' | 'time' | 'details' | 'done';
const ANYONE = '';

export function BookingWidget(props: BookingWidgetProps) {
  const { locale } = props;
  const [services, setServices] = useState<PublicService[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<UiProblem | null>(null);
  const [service, setService] = useState<PublicService | null>(null);
  /** Chosen provider id, ANYONE, or null (not chosen yet). */
  const [provider, setProvider] = useState<string | null>(props.providerId ?? null);
  const [zone, setZone] = useState(() => chooseZone(props.timeZone, environmentZones().detected));
  const [slot, setSlot] = useState<Slot | null>(null);
  const [step, setStep] = useState<Step>('service');
  const [answers, setAnswers] = useState<FormAnswers>({ name: '', email: '', phone: '', intake: {} });
  const [problem, setProblem] = useState<UiProblem | null>(null);
  const [booked, setBooked] = useState<BookingCreated | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const keys = useRef<IdempotencyKeys | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const load = () => {
    setLoadProblem(null);
    api<{ services: PublicService[] }>('/v1/services').then(
      ({ services: list }) => {
        setServices(list);
        if (props.serviceId) {
          const s = list.find((x) => x.id === props.serviceId);
          if (s) pickService(s);
          else setLoadProblem({ kind: 'other', message: t('serviceGone') });
        }
      },
      (err: unknown) => setLoadProblem(toUiProblem(err)),
    );
  };
  useEffect(load, []); // eslint-disable-line react-hooks/exhaustive-deps

  // Keyboard and screen-reader users land on the new step's heading (not on the first render).
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus();
  }, [step]);

  function pickService(s: PublicService) {
    setService(s);
    setSlot(null);
    const fixed = props.providerId ?? (s.providers.length === 1 ? s.providers[0]!.id : null);
    setProvider(fixed);
    setStep(fixed === null ? 'provider' : 'time');
  }

  function pickSlot(s: Slot) {
    setSlot(s);
    setProblem(null);
    setStep('details');
  }

  function booked_(b: BookingCreated) {
    setBooked(b);
    setStep('done');
    props.onBooked?.(b);
  }

  /** A lost race: back to the times (refetched, the lost one gone), answers kept, the reason shown. */
  function slotTaken(p: UiProblem) {
    setProblem(p);
    setReloadKey((k) => k + 1);
    setStep('time');
  }

  useEffect(() => {
    if (step === 'time') void loadDetails().catch(() => {}); // prefetch; a failure shows when the step renders
  }, [step]);

  const providerName = (id: string | null | undefined) => service?.providers.find((p) => p.id === id)?.name;
  const back = (to: Step, label: string) => (
    <button
      type="button"
      className="sf-back"
      onClick={() => {
        setProblem(null);
        setStep(to);
      }}
    >
      ← {label}
    </button>
  );
  const canChooseService = !props.serviceId;
  const canChooseProvider = !props.providerId && (service?.providers.length ?? 0) > 1;

  let title = t('chooseService');
  let body: ReactNode;
  if (loadProblem) {
    title = t('unavailable');
    body = (
      <div className="notice bad" role="alert">
        <p>{loadProblem.message}</p>
        {loadProblem.kind !== 'other' && (
          <button type="button" onClick={load}>
            {t('tryAgain')}
          </button>
        )}
      </div>
    );
  } else if (!services || (step === 'service' && props.serviceId)) {
    title = t('pageTitle');
    body = <p className="muted">{t('loading')}</p>;
  } else if (step === 'service' || !service) {
    body =
      services.length === 0 ? (
        <p className="muted">{t('noServices')}</p>
      ) : (
        <ul className="sf-choices">
          {services.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => pickService(s)}>
                <strong>{s.name}</strong>
                <span className="muted">
                  {t('minutes', { n: s.durationMinutes })}
                  {groupClassText(s.seats) ? ` · ${groupClassText(s.seats)}` : ''}
                  {s.description ? ` · ${s.description}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      );
  } else if (step === 'provider') {
    title = t('whoTitle');
    body = (
      <>
        <ul className="sf-choices">
          {[{ id: ANYONE, name: t('anyone') }, ...service.providers].map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => {
                  setProvider(p.id);
                  setSlot(null);
                  setStep('time');
                }}
              >
                <strong>{p.name}</strong>
              </button>
            </li>
          ))}
        </ul>
        {canChooseService && back('service', t('otherService'))}
      </>
    );
  } else if (step === 'time') {
    title = t('pickTitle');
    body = (
      <>
        {problem && (
          <p className="notice warn" role="alert">
            {problem.message}
          </p>
        )}
        <TimePicker
          serviceId={service.id}
          providerId={provider || undefined}
          zone={zone}
          onZoneChange={setZone}
          selected={slot}
          onSelect={pickSlot}
          reloadKey={reloadKey}
          locale={locale}
        />
        {canChooseProvider ? back('provider', t('otherProvider')) : canChooseService && back('service', t('otherService'))}
      </>
    );
  } else if (step === 'details' && slot) {
    title = t('detailsTitle');
    body = (
      <>
        <p className="sf-chosen">
          <strong>{formatRange(slot.start, slot.end, zone, locale)}</strong>
          {provider !== null && providerName(provider || slot.providerId) && <span className="muted"> · {providerName(provider || slot.providerId)}</span>}
          {slot.seatsLeft !== undefined && <span className="muted"> · {seatsLeftText(slot.seatsLeft)}</span>}
        </p>
        {back('time', t('changeTime'))}
        <LateSteps
          details={{
            service,
            slot,
            providerId: provider || undefined,
            zone,
            locale,
            answers,
            onAnswers: setAnswers,
            keys,
            onBooked: booked_,
            onSlotTaken: slotTaken,
          }}
        />
      </>
    );
  } else if (booked) {
    title = booked.status === 'pending' ? t('requestSent') : t('confirmed');
    body = (
      <LateSteps
        done={{
          booking: booked,
          serviceName: service.name,
          providerName: providerName(booked.providerId),
          zone,
          locale,
          groupSeats: service.seats > 1 ? service.seats : undefined,
        }}
      />
    );
  }

  return (
    <section className="sf-widget" aria-labelledby="sf-step-title">
      {service && step !== 'service' && (
        <p className="sf-service muted">
          {serviceLine(service)}
          {service.location && (
            <span className="sf-location" data-testid="service-location">
              {' · '}
              {service.location.kind === 'video' ? t('video') : service.location.value}
            </span>
          )}
        </p>
      )}
      <h2 id="sf-step-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <Suspense fallback={<p className="muted">{t('loading')}</p>}>{body}</Suspense>
    </section>
  );
}
