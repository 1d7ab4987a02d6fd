/**
 * The editor's live preview: POSTs the draft parts 400 ms after the last edit (the newest request wins;
 * older answers are dropped) and reports the rendered message or the draft's problems by field.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { adminApi } from '../auth.ts';
import { serverMessage } from '../server-message.ts';
import { errorsFromProblems, type FieldErrors } from '../catalog/errors.ts';
import type { Preview, TemplatePart } from './types.ts';

export type PreviewState = { preview: Preview | null; errors: FieldErrors; failure: string | null; loading: boolean };

export function usePreview(url: string, draft: Record<TemplatePart, string | null> | null, delayMs = 400): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, errors: {}, failure: null, loading: true });
  const body = draft && JSON.stringify(draft);
  const round = useRef(0);
  useEffect(() => {
    if (body === null) return;
    const mine = ++round.current;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      adminApi<Preview>(url, { method: 'POST', body: JSON.parse(body) as unknown, signal: ctrl.signal }).then(
        (preview) => mine === round.current && setState({ preview, errors: {}, failure: null, loading: false }),
        (err: unknown) => {
          if (mine !== round.current || ctrl.signal.aborted) return;
          const errors = err instanceof ApiError && err.status === 422 ? errorsFromProblems(err.errors) : {};
          setState((s) => ({ preview: s.preview, errors, failure: Object.keys(errors).length ? null : serverMessage(err), loading: false }));
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [url, body, delayMs]);
  return state;
}
