/**
 * SSRF guard for user-supplied calendar URLs (CalDAV servers, ICS feeds): slotflow's server fetches
 * them, so without a check a tenant could make it talk to its own loopback, the private network or the
 * cloud metadata service (169.254.169.254) and read the answers back through sync errors or busy time.
 *
 * Rules:
 * - Only `http:` and `https:` URLs with a host.
 * - The host is resolved (all addresses, A and AAAA); the URL is refused when ANY address is not public:
 *   an attacker controls their DNS and can answer with one public and one private address.
 * - Refused unless `allowPrivateNetworks` (self-hosted CalDAV next to slotflow, e.g. Radicale on the
 *   LAN or localhost): loopback 127/8 and ::1, unspecified 0.0.0.0/8 and ::, private 10/8, 172.16/12,
 *   192.168/16, CGNAT 100.64/10, link-local 169.254/16 and fe80::/10, unique-local fc00::/7, site-local
 *   fec0::/10, IETF 192.0.0.0/24, benchmarking 198.18/15.
 * - Refused even with `allowPrivateNetworks` (no calendar lives there, and credentials do): the cloud
 *   metadata endpoints 169.254.169.254 and fd00:ec2::254, multicast 224/4 and ff00::/8, reserved 240/4
 *   and broadcast.
 * - IPv6 addresses that embed an IPv4 address are judged by that address: IPv4-mapped ::ffff:0:0/96
 *   (`::ffff:127.0.0.1` reaches 127.0.0.1), IPv4-compatible ::/96 and NAT64 64:ff9b::/96.
 * Refusals are `AppError('invalid_request')` with an `errors` entry for `body.url` (422 at the gateway).
 *
 * Limits: this checks at the time it is called. DNS can answer differently a moment later (rebinding);
 * adapters that fetch the URL should re-check the connected address with `isAddressAllowed` (e.g. in the
 * HTTP agent's `lookup`) and must not follow redirects to unchecked hosts.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { AppError } from '../errors.ts';

export type LookupFn = (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export type SsrfGuardOptions = {
  allowPrivateNetworks: boolean;
  /** Resolves all addresses of a host; defaults to `dns.promises.lookup(host, { all: true })`. */
  lookup?: LookupFn | undefined;
};

const URL_PATH = 'body.url';

const defaultLookup: LookupFn = async (host) => {
  const all = await dns.lookup(host, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export async function assertCalendarUrlAllowed(url: string, opts: SsrfGuardOptions): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('must use http or https');
  // WHATWG URL already normalises numeric hosts ('0x7f.1', '2130706433' → '127.0.0.1'); IPv6 is bracketed.
  let host = parsed.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') throw refuse('must name a host');

  let addresses: { address: string; family: 4 | 6 }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (opts.lookup ?? defaultLookup)(host);
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'ENONAME' || code === 'EAI_NONAME') {
        throw refuse(`host ${host} does not resolve`, err);
      }
      throw new AppError('service_unavailable', `could not resolve ${host}`, { cause: err });
    }
    if (addresses.length === 0) throw refuse(`host ${host} does not resolve`);
  }

  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (verdict === 'public') continue;
    if (verdict === 'private' && opts.allowPrivateNetworks) continue;
    throw refuse(
      verdict === 'private'
        ? `host ${host} resolves to a private or local address (${address}); calendar URLs must be public`
        : `host ${host} resolves to an address slotflow never connects to (${address})`,
    );
  }
}

/** True when slotflow may connect to `address` (for re-checking at connect time). */
export function isAddressAllowed(address: string, allowPrivateNetworks: boolean): boolean {
  const v = classifyAddress(address);
  return v === 'public' || (v === 'private' && allowPrivateNetworks);
}

/** 'public'; 'private' (local/internal, allowed by `allowPrivateNetworks`); 'forbidden' (never; also unparseable). */
export function classifyAddress(address: string): 'public' | 'private' | 'forbidden' {
  const bytes = parseIp(address);
  if (!bytes) return 'forbidden';
  if (bytes.length === 16) {
    const embedded = embeddedIpv4(bytes);
    if (embedded) return classifyBytes(embedded);
  }
  return classifyBytes(bytes);
}

type Cidr = { bytes: Uint8Array; bits: number };

function cidr(spec: string): Cidr {
  const [addr, bits] = spec.split('/') as [string, string];
  const bytes = parseIp(addr);
  if (!bytes) throw new Error(`bad CIDR ${spec}`);
  return { bytes, bits: Number(bits) };
}

const FORBIDDEN = ['169.254.169.254/32', 'fd00:ec2::254/128', '224.0.0.0/4', '240.0.0.0/4', 'ff00::/8'].map(cidr);
const PRIVATE = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
].map(cidr);

function classifyBytes(bytes: Uint8Array): 'public' | 'private' | 'forbidden' {
  if (FORBIDDEN.some((c) => inCidr(bytes, c))) return 'forbidden';
  if (PRIVATE.some((c) => inCidr(bytes, c))) return 'private';
  return 'public';
}

function inCidr(bytes: Uint8Array, c: Cidr): boolean {
  if (bytes.length !== c.bytes.length) return false;
  let bits = c.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (c.bytes[i]! & mask)) return false;
  }
  return true;
}

/** The IPv4 address inside ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) or 64:ff9b::a.b.c.d (NAT64). */
function embeddedIpv4(b: Uint8Array): Uint8Array | null {
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  const tail = b.subarray(12, 16);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return tail;
  if (zeros(0, 12)) return tail; // ::a.b.c.d (:: and ::1 land in 0.0.0.0/8: private, as they are)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return tail;
  return null;
}

/** Dotted-quad IPv4 → 4 bytes, IPv6 (with '::', embedded IPv4, optional %zone) → 16 bytes; null otherwise. */
export function parseIp(input: string): Uint8Array | null {
  const s = input.trim().replace(/%.*$/, '');
  if (isIP(s) === 4) return Uint8Array.from(s.split('.').map(Number));
  if (isIP(s) !== 6) return null;
  let head = s;
  const out = new Uint8Array(16);
  let v4: number[] | null = null;
  const lastColon = head.lastIndexOf(':');
  if (head.slice(lastColon + 1).includes('.')) {
    v4 = head
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    head = `${head.slice(0, lastColon + 1)}0:0`; // stand-in groups, overwritten below
  }
  const [left, right] = head.includes('::') ? (head.split('::') as [string, string]) : [head, null];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const l = groups(left);
  const r = right === null ? [] : groups(right);
  const all = right === null ? l : [...l, ...new Array<number>(8 - l.length - r.length).fill(0), ...r];
  if (all.length !== 8) return null;
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (v4) out.set(v4, 12);
  return out;
}

function refuse(message: string, cause?: unknown): AppError {
  return new AppError('invalid_request', `url: ${message}`, {
    errors: [{ path: URL_PATH, message }],
    ...(cause === undefined ? {} : { cause }),
  });
}
