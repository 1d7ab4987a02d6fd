/**
 * Loads something once per `deps` change and reports `{ loading, error, data }`; `reload()` fetches
 * again. An answer that arrives after the deps changed (or the page left) is dropped.
 */
import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> = { loading: boolean; error: Error | null; data: T | null; reload: () => void; set: (data: T) => void };

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ loading: boolean; error: Error | null; data: T | null }>({ loading: true, error: null, data: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ loading: false, error: null, data }),
      (error: Error) => live && setState({ loading: false, error, data: null }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]); // `load` is a fresh closure each render; `deps` say when it means something new
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setState({ loading: false, error: null, data }), []);
  return { ...state, reload, set };
}
