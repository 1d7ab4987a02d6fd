/**
 * The current time, re-rendered every `everyMs` (the calendar's "now" line) and exactly at `wakeAt` (e.g. a
 * booking's start).
 */
import { useEffect, useState } from 'react';

export function useNow(everyMs = 60_000, wakeAt?: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  useEffect(() => {
    if (wakeAt == null) return;
    const wait = wakeAt - Date.now();
    if (wait <= 0 || wait > 2 ** 31 - 1) return;
    const t = setTimeout(() => setNow(Date.now()), wait + 20);
    return () => clearTimeout(t);
  }, [wakeAt]);
  return now;
}
