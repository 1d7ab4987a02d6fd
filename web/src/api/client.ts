/**
 * The pages' one way to call the gateway: same-origin fetch, JSON in and out, and every non-2xx answer
 * turned into an `ApiError` carrying the problem+json `code` (stable, see README "API conventions"), its
 * title/detail and, for 422, the field errors. Pages branch on `code`, never on message text.
 */
export type FieldProblem = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
    /** The problem+json body as answered, extension members included (e.g. booking_changed's `booking`). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let apiBase = '';

/**
 * Where the gateway is (default: the page's own origin). The pages never change it; a site that renders
 * the `BookingWidget` component itself points it at its slotflow gateway.
 */
export function setApiBase(url: string): void {
  apiBase = url.replace(/\/+$/, '');
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** Calls `path` (e.g. `/v1/services`); resolves to the JSON body (undefined for 204). */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiBase + path, {
      method: opts.method ?? 'GET',
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const p = (body ?? {}) as { code?: string; title?: string; detail?: string; errors?: FieldProblem[] };
    const retry = res.headers.get('retry-after');
    throw new ApiError(
      res.status,
      p.code ?? `http_${res.status}`,
      p.detail ?? p.title ?? `Request failed (${res.status})`,
      Array.isArray(p.errors) ? p.errors : [],
      retry !== null && /^\d+$/.test(retry) ? Number(retry) : undefined,
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
    );
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
