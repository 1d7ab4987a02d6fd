/**
 * A `fetch` for user-supplied calendar servers that stays where it was told to go (issue #21):
 * - **pinned origin**: every request must be on `origin` (the configured CalDAV URL's); a URL anywhere
 *   else — a server-supplied href, a principal on another host — is refused before anything is sent, so
 *   the stored Basic credentials never travel elsewhere;
 * - **no blind redirects**: redirects are handled here (`redirect: 'manual'`), followed only on the same
 *   origin (at most MAX_REDIRECTS) and refused otherwise;
 * - **address checked at connect time**: the connection's DNS lookup re-applies the SSRF address rules
 *   (ssrf-guard.ts) to every resolved address, so DNS that answers "public" to the URL check and
 *   "127.0.0.1" a moment later (rebinding) connects nowhere.
 * Refusals throw `CalendarRedirectRefused` / `CalendarAddressRefused`, which the connector maps to a
 * classified CalendarError; no remote text is carried.
 */
import dns from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isAddressAllowed } from './ssrf-guard.ts';

export const MAX_REDIRECTS = 5;

export class CalendarOriginRefused extends Error {
  override name = 'CalendarOriginRefused';
  readonly code = 'ORIGIN_REFUSED';
}

export class CalendarAddressRefused extends Error {
  override name = 'CalendarAddressRefused';
  readonly code = 'ADDRESS_REFUSED';
}

type LookupAddress = { address: string; family: number };
/** dns.lookup with `all: true` semantics (injectable for tests). */
export type AllLookup = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: AllLookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export type CalendarFetchOptions = {
  /** The only origin requests may go to (`new URL(configuredUrl).origin`). */
  origin: string;
  allowPrivateNetworks: boolean;
  lookup?: AllLookup;
};

/** The connect-time lookup: every resolved address must pass the SSRF rules, else the connection fails. */
function checkingLookup(opts: CalendarFetchOptions) {
  const resolve = opts.lookup ?? systemLookup;
  return (hostname: string, options: { all?: boolean }, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.find((a) => !isAddressAllowed(a.address, opts.allowPrivateNetworks));
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '');
        if (refused) return callback(new CalendarAddressRefused(`${hostname} resolved to an address slotflow does not connect to`), '');
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: Error) => callback(err, ''),
    );
  };
}

/** The fetch to give the CalDAV connector (`createCalDavConnector({ fetch })`). */
export function createCalendarFetch(opts: CalendarFetchOptions): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: checkingLookup(opts) as never } });
  const send = async (url: URL, init: RequestInit | undefined): Promise<Response> => {
    if (url.origin !== opts.origin) throw new CalendarOriginRefused(`refused a request outside ${opts.origin}`);
    return (await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher } as never)) as unknown as Response;
  };
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    for (let hop = 0; ; hop++) {
      const res = await send(url, init);
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      // A caller that handles redirects itself (tsdav's .well-known discovery) gets the 3xx; its next
      // request is held to the origin like any other.
      if (location === null || init?.redirect === 'manual') return res;
      await res.body?.cancel().catch(() => {});
      const next = new URL(location, url);
      if (next.origin !== opts.origin) throw new CalendarOriginRefused(`refused a redirect outside ${opts.origin}`);
      if (hop + 1 >= MAX_REDIRECTS) throw new CalendarOriginRefused(`more than ${MAX_REDIRECTS} redirects`);
      url = next;
    }
  };
}
