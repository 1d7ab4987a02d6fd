/**
 * Signed reply addresses: `book+<token>@clinic.example`, the Reply-To of every message slotflow sends in
 * an e-mail thread or about a booking. A reply carrying a valid token may act (book a proposal, cancel,
 * move); a message without one is only ever a new request.
 *
 * Token: kind letter (`t` thread, `b` booking) · the id in base32 · `.` · 10 base32 characters (50 bits)
 * of HMAC-SHA256 over "kind:id" with a key derived from the link secret (HKDF, its own label). Lower-case
 * base32 because MTAs may fold the local part's case; short because a local part holds at most 64
 * characters (RFC 5321 §4.5.3.1.1): "book+" + 37 characters for a booking's UUID. Pure, no I/O.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './derived-key.ts';

export type ReplyTarget = { kind: 'thread'; id: string } | { kind: 'booking'; id: string };

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_CHARS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Thread ids: 16 base32 characters (80 random bits), as the migration checks. */
export const THREAD_ID = /^[a-z2-7]{16}$/;

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string, byteCount: number): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out.length === byteCount ? Buffer.from(out) : null;
}

/** A new thread id from 10 random bytes (the caller passes them: domain code draws no randomness). */
export function threadIdFrom(random: Uint8Array): string {
  if (random.length !== 10) throw new RangeError('a thread id needs exactly 10 random bytes');
  return base32(random);
}

const key = (secret: string) => derivedKey(secret, 'slotflow email reply', 'reply address');

function mac(kind: string, id: string, secret: string): string {
  return base32(createHmac('sha256', key(secret)).update(`${kind}:${id}`).digest().subarray(0, 7)).slice(0, MAC_CHARS);
}

/** The token for a thread or a booking. */
export function replyToken(target: ReplyTarget, secret: string): string {
  if (target.kind === 'thread') {
    if (!THREAD_ID.test(target.id)) throw new RangeError('not a thread id');
    return `t${target.id}.${mac('t', target.id, secret)}`;
  }
  if (!UUID.test(target.id)) throw new RangeError('a booking id must be a lower-case UUID');
  const encoded = base32(Buffer.from(target.id.replaceAll('-', ''), 'hex'));
  return `b${encoded}.${mac('b', target.id, secret)}`;
}

/** `book@clinic.example` + token → `book+<token>@clinic.example`. */
export function replyAddress(inboundAddress: string, target: ReplyTarget, secret: string): string {
  const at = inboundAddress.lastIndexOf('@');
  return `${inboundAddress.slice(0, at)}+${replyToken(target, secret)}${inboundAddress.slice(at)}`;
}

/** What a token names, or null when it is malformed or not signed with this secret. */
export function readReplyToken(token: string, secret: string): ReplyTarget | null {
  const m = /^([tb])([a-z2-7]+)\.([a-z2-7]{10})$/.exec(token.toLowerCase());
  if (!m) return null;
  const [, kind, body, given] = m as unknown as [string, 't' | 'b', string, string];
  let target: ReplyTarget;
  if (kind === 't') {
    if (!THREAD_ID.test(body)) return null;
    target = { kind: 'thread', id: body };
  } else {
    const bytes = body.length === 26 ? unbase32(body, 16) : null;
    if (!bytes || base32(bytes) !== body) return null;
    const hex = bytes.toString('hex');
    target = { kind: 'booking', id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }
  const expected = Buffer.from(mac(kind, target.id, secret));
  return timingSafeEqual(expected, Buffer.from(given)) ? target : null;
}

function split(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

/** Whether `address` is the inbound address or one of its plus-addresses (case-insensitive). */
export function isInboundAddress(address: string, inboundAddress: string): boolean {
  const a = split(address.trim().replace(/^<|>$/g, ''));
  const ours = split(inboundAddress);
  if (!a || !ours || a.domain !== ours.domain) return false;
  return a.local === ours.local || a.local.startsWith(`${ours.local}+`);
}

/** The first valid signed target among the recipients (envelope, To, Cc, Delivered-To), or null. */
export function replyTargetOf(recipients: readonly string[], inboundAddress: string, secret: string): ReplyTarget | null {
  const ours = split(inboundAddress)!;
  for (const r of recipients) {
    const a = split(r.trim().replace(/^<|>$/g, ''));
    if (!a || a.domain !== ours.domain || !a.local.startsWith(`${ours.local}+`)) continue;
    const target = readReplyToken(a.local.slice(ours.local.length + 1), secret);
    if (target) return target;
  }
  return null;
}
