/**
 * Loads data for a key: refetches when the key changes, aborts the previous request, and keeps the last
 * data while a reload runs (so the page does not flash empty after an action). `reload()` refetches the
 * same key and resolves when done.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => Promise<void> };

export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(key !== null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const current = useRef<AbortController | null>(null);

  const run = useCallback(async () => {
    current.current?.abort();
    if (key === null) return;
    const ctrl = new AbortController();
    current.current = ctrl;
    setLoading(true);
    try {
      const d = await loadRef.current(ctrl.signal);
      if (ctrl.signal.aborted) return;
      setData(d);
      setError(null);
    } catch (err) {
      if (ctrl.signal.aborted || (err as Error).name === 'AbortError') return;
      setError(err);
    } finally {
      if (!ctrl.signal.aborted) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    void run();
    return () => current.current?.abort();
  }, [run]);

  return { data, error, loading, reload: run };
}
