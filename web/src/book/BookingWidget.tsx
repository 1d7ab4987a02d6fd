/**
 * The booking widget: service → provider (or "Anyone") → day and time → details → confirmation.
 * Steps the caller fixed are skipped (a `serviceId` prop; a service with one provider). Usable as a
 * component on any React page (point `setApiBase()` at the gateway first); book/main.tsx mounts it
 * with the step kept in the URL (url-state.ts), so Back, reload and a shared link work.
 *
 * Booking contract: one Idempotency-Key per submission attempt of one request body (form-model.ts),
 * so a double click or a retried network error never books twice; the button is disabled while a
 * request is in flight. A lost race (409) goes back to the times, refreshed, with the answers kept.
 */
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { BookingCreated, PublicService, Slot } from '../api/types.ts';
import { localDate } from '../../../src/domain/time/zones.ts';
import { formatLocalDate, formatRange, formatTime } from './format.ts';
import type { FormAnswers, IdempotencyKeys } from './form-model.ts';
import { toUiProblem, type UiProblem } from './problems.ts';
import { groupClassText, seatsLeftText, serviceLine } from './seats.ts';
import { TimePicker } from './TimePicker.tsx';
import { instantParam, type WidgetRoute } from './url-state.ts';
import { monthOf } from './calendar-model.ts';
import { slotAt } from './slots-model.ts';
import { useMonthSlots } from './useMonthSlots.ts';
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
  /** A fixed service: the customer cannot choose another. */
  serviceId?: string | undefined;
  /** A fixed provider ('' = anyone): the customer cannot choose another. */
  providerId?: string | undefined;
  /** IANA zone to show times in; default: the browser's. The customer can switch it. */
  timeZone?: string | undefined;
  /**
   * Language of dates and of the customer's messages (en, de); default: the browser's. The labels follow the
   * active catalogue (shared/i18n: `settlePageLocale` / `activateLocale` before the first render).
   */
  locale?: string | undefined;
  onBooked?: ((booking: BookingCreated) => void) | undefined;
  /**
   * The step, when the host keeps it (book/main.tsx: in the URL, url-state.ts); `onRoute` moves on (push) or
   * corrects it (replace). Without them the widget keeps its step in memory.
   */
  route?: WidgetRoute | undefined;
  onRoute?: ((route: WidgetRoute, replace: boolean) => void) | undefined;
};

type Step = 'service' | 'provider' | 'time' | 'details' | 'done';

export function BookingWidget(props: BookingWidgetProps) {
  const { locale } = props;
  const [services, setServices] = useState<PublicService[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<UiProblem | null>(null);
  const [memory, setMemory] = useState<WidgetRoute>({});
  const route = props.route ?? memory;
  const go = (r: WidgetRoute, replace = false) => (props.onRoute ? props.onRoute(r, replace) : setMemory(r));
  /** The picked slot, while `route.time` names it (after a reload it is looked up again: useSlotAt). */
  const [picked, setPicked] = useState<Slot | null>(null);
  const [answers, setAnswers] = useState<FormAnswers>({ name: '', email: '', phone: '', intake: {} });
  const [problem, setProblem] = useState<UiProblem | null>(null);
  const [booked, setBooked] = useState<BookingCreated | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const keys = useRef<IdempotencyKeys | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const zone = chooseZone(route.zone ?? props.timeZone, environmentZones().detected);
  const serviceId = props.serviceId ?? route.serviceId;
  const service = services?.find((x) => x.id === serviceId) ?? null;
  const single = service?.providers.length === 1 ? service.providers[0]!.id : undefined;
  const chosen = props.providerId ?? route.provider;
  /** Chosen provider id, '' (anyone), or null (not chosen yet); an id the service does not have is not chosen. */
  const provider = chosen === '' || service?.providers.some((p) => p.id === chosen) ? chosen! : (single ?? null);
  const today = localDate(Date.now(), zone);
  const date = route.date && route.date >= today ? route.date : undefined;
  const slot = route.time && picked && Date.parse(picked.start) === Date.parse(route.time) ? picked : null;
  // A reloaded or shared URL names a time this page has not seen: look it up in its month's free times
  // (month '1970-01' lies in the past: no request while there is nothing to look up).
  const lookupDay = route.time && !slot && service && provider !== null ? localDate(Date.parse(route.time), zone) : undefined;
  const lookup = useMonthSlots({
    serviceId: service?.id ?? '',
    providerId: provider || undefined,
    zone,
    month: lookupDay ? monthOf(lookupDay) : '1970-01',
    today,
    reloadKey: 0,
  });

  const step: Step = !service ? 'service' : provider === null ? 'provider' : route.time ? 'details' : route.done && booked ? 'done' : 'time';

  const load = () => {
    setLoadProblem(null);
    api<{ services: PublicService[] }>('/v1/services').then(
      ({ services: list }) => setServices(list),
      (err: unknown) => setLoadProblem(toUiProblem(err)),
    );
  };
  useEffect(load, []);

  // A reloaded or shared URL at a time that is gone, or at a confirmation this page did not make: the day.
  useEffect(() => {
    if (!lookupDay || !route.time || lookup.state === 'loading') return;
    const found = lookup.state === 'ready' && slotAt(lookup.byDay.get(lookupDay) ?? [], route.time, provider || undefined);
    if (found) setPicked(found);
    else {
      const day = lookupDay;
      setProblem({ kind: 'other', message: t('timeGone', { time: `${formatLocalDate(day, locale)}, ${formatTime(route.time, zone, locale)}` }) });
      go({ ...route, time: undefined, date: day }, true);
    }
  }, [lookup]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (services && route.done && !booked) {
      setProblem({ kind: 'other', message: t('doneGone') });
      go({ ...route, done: undefined }, true);
    }
  }, [services, route.done]); // eslint-disable-line react-hooks/exhaustive-deps

  // Keyboard and screen-reader users land on the new step's heading (not on the first render).
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus();
  }, [step]);

  function pickService(s: PublicService) {
    setProblem(null);
    go({ serviceId: s.id, zone: route.zone });
  }

  function pickSlot(s: Slot) {
    setPicked(s);
    setProblem(null);
    go({ ...route, date: localDate(Date.parse(s.start), zone), time: instantParam(s.start), done: undefined });
  }

  function booked_(b: BookingCreated) {
    setBooked(b);
    go({ ...route, time: undefined, done: true }, true);
    props.onBooked?.(b);
  }

  /** A lost race: back to the times (refetched, the lost one gone), answers kept, the reason shown. */
  function slotTaken(p: UiProblem) {
    setProblem(p);
    setReloadKey((k) => k + 1);
    go({ ...route, time: undefined }, true);
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
        go(to === 'service' ? { zone: route.zone } : { ...route, provider: to === 'provider' ? undefined : route.provider, time: undefined, done: undefined });
      }}
    >
      ← {label}
    </button>
  );
  const canChooseService = !props.serviceId;
  const canChooseProvider = !props.providerId && (service?.providers.length ?? 0) > 1;

  let title = t('chooseService');
  let body: ReactNode;
  const shownProblem = loadProblem ?? (services && serviceId && !service ? { kind: 'other', message: t('serviceGone') } : null);
  if (shownProblem) {
    title = t('unavailable');
    body = (
      <div className="notice bad" role="alert">
        <p>{shownProblem.message}</p>
        {shownProblem.kind !== 'other' && (
          <button type="button" onClick={load}>
            {t('tryAgain')}
          </button>
        )}
      </div>
    );
  } else if (!services || (step === 'details' && !slot)) {
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
          {[{ id: '', name: t('anyone') }, ...service.providers].map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => {
                  setProblem(null);
                  go({ ...route, provider: p.id, date: undefined, time: undefined, done: undefined });
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
          onZoneChange={(z) => go({ ...route, zone: z }, true)}
          day={date}
          onDayChange={(d) => d !== (route.date ?? null) && go({ ...route, date: d ?? undefined }, true)}
          selected={picked}
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
