/**
 * The slots of one shown month, fetched from GET /v1/availability in the customer's zone and grouped
 * by local day. Refetches when any input or `reloadKey` changes (a lost race bumps it); an answer for
 * inputs that changed meanwhile is dropped (AbortController).
 */
import { useEffect, useState } from 'react';
import { api, qs } from '../api/client.ts';
import type { Availability, Slot } from '../api/types.ts';
import { toUiProblem, type UiProblem } from './problems.ts';
import { groupByLocalDay, monthQuery } from './slots-model.ts';

export type MonthSlots = { state: 'loading' } | { state: 'ready'; byDay: Map<string, Slot[]> } | { state: 'error'; problem: UiProblem };

export function useMonthSlots(p: {
  serviceId: string;
  providerId?: string | undefined;
  zone: string;
  month: string;
  today: string;
  reloadKey: number;
  /**
   * Another slot source with the same answer (the manage page's `/v1/manage/<token>/availability`, which knows the
   * service and provider).
   */
  source?: string | undefined;
}): MonthSlots {
  const [result, setResult] = useState<MonthSlots>({ state: 'loading' });
  const { serviceId, providerId, zone, month, today, reloadKey, source } = p;
  useEffect(() => {
    const query = monthQuery({ serviceId, providerId, zone, month, today });
    if (!query) {
      setResult({ state: 'ready', byDay: new Map() });
      return;
    }
    const ctl = new AbortController();
    setResult({ state: 'loading' });
    const url = source ? `${source}${qs({ from: query.from, to: query.to, timeZone: query.timeZone })}` : `/v1/availability${qs(query)}`;
    api<Availability>(url, { signal: ctl.signal }).then(
      (a) => setResult({ state: 'ready', byDay: groupByLocalDay(a.slots, zone) }),
      (err: unknown) => {
        if (!ctl.signal.aborted) setResult({ state: 'error', problem: toUiProblem(err) });
      },
    );
    return () => ctl.abort();
  }, [serviceId, providerId, zone, month, today, reloadKey, source]);
  return result;
}
