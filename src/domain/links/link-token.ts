/**
 * Manage-link tokens (DESIGN.md §4). Two formats; links are issued in v2, both are accepted.
 *
 * The payload (binary, big-endian) is the same in both: scope (1 byte: 1 = manage, 2 = view) · id kind
 * (1 byte: 0 = UUID as 16 bytes, 1 = UTF-8 string, for ids that are not lower-case canonical UUIDs) ·
 * version (uint32) · expiresAt (uint48, epoch ms; good until the year 10889) · booking id. For a UUID
 * that is 28 bytes.
 *
 * - **v2** (issued since #21): `v2.<base64url(nonce ‖ ciphertext ‖ tag)>` — the payload sealed with
 *   AES-256-GCM, "v2." as associated data, so a link no longer shows the booking id to whoever sees it
 *   (a forwarded e-mail, a proxy log, a calendar entry). The nonce is synthetic: the first 12 bytes of
 *   HMAC-SHA256(nonce key, payload), so the same payload always gives the same token (deterministic,
 *   like v1) and two different payloads never share a nonce unless their 96-bit HMAC prefixes collide.
 *   The decoder re-derives the nonce from the opened payload and compares it (timing-safe), so each
 *   payload has exactly one valid token. Both keys come from the link secret by HKDF-SHA256 with
 *   distinct labels; the secret itself is never used as a key. 78 characters for a UUID.
 * - **v1** (issued before #21; still accepted while its booking's link lives, see `verifyLinkToken`):
 *   `v1.<payload>.<mac>`, MAC = HMAC-SHA256(secret, "v1.<payload>") in full; signed, not encrypted.
 *
 * Only the canonical base64url spelling is accepted. `Buffer.from(s, 'base64url')` is lenient (it skips
 * unknown characters and ignores the unused low bits of the last character), so without the round-trip
 * check some single-character edits of a token would still verify.
 *
 * Failures are `AppError`s: `link_invalid` (401) for anything malformed, tampered or made with another
 * secret; `link_expired` (410) for genuine tokens whose booking ended long enough ago. Programming
 * errors (a short secret, an out-of-range version) are `RangeError`s.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';

/** `manage` = view + reschedule + cancel; `view` = view only. */
export type LinkScope = 'manage' | 'view';
export type LinkAction = 'view' | 'confirm' | 'reschedule' | 'cancel';

export type LinkTokenPayload = {
  bookingId: string;
  scope: LinkScope;
  /** The booking's version when the link was issued (bookings.version, bumped on every change); an API
   * action without a `version` of its own acts only if the booking is still at this one. */
  version: number;
  /**
   * Epoch ms: when the link was made to stop (`linkExpiresAt` of the booking's end then; before #20 the end
   * itself). Informational since #20: `verifyLinkToken` goes by the booking's current end.
   */
  expiresAt: number;
};

const PREFIX = 'v2.';
const LEGACY_PREFIX = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Same floor as LINK_SIGNING_SECRET in config.ts. */
export const MIN_SECRET_LENGTH = 32;
/** Longer input is refused before any decoding (a UTF-8 id is at most 200 bytes, ~400 characters). */
const MAX_TOKEN_LENGTH = 512;
const MAX_ID_BYTES = 200;
const MAC_BYTES = 32;
const HEADER_BYTES = 1 + 1 + 4 + 6;
const MAX_UINT48 = 2 ** 48 - 1;

const SCOPE_CODES: Record<LinkScope, number> = { manage: 1, view: 2 };
const SCOPES_BY_CODE = new Map<number, LinkScope>([
  [1, 'manage'],
  [2, 'view'],
]);
const ID_UUID = 0;
const ID_UTF8 = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const SCOPE_ACTIONS: Record<LinkScope, readonly LinkAction[]> = {
  manage: ['view', 'confirm', 'reschedule', 'cancel'],
  view: ['view'],
};

/** Whether a link of `scope` may perform `action`. */
export function scopeAllows(scope: LinkScope, action: LinkAction): boolean {
  return SCOPE_ACTIONS[scope].includes(action);
}

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the link-signing secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function mac(signedPart: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signedPart, 'ascii').digest();
}

function encodeId(bookingId: string): { kind: number; bytes: Buffer } {
  if (UUID.test(bookingId)) return { kind: ID_UUID, bytes: Buffer.from(bookingId.replaceAll('-', ''), 'hex') };
  const bytes = Buffer.from(bookingId, 'utf8');
  if (bookingId.length === 0 || bytes.length > MAX_ID_BYTES || bytes.toString('utf8') !== bookingId) {
    throw new RangeError(`bookingId must be a UUID or a well-formed string of 1..${MAX_ID_BYTES} UTF-8 bytes`);
  }
  return { kind: ID_UTF8, bytes };
}

/** The payload's bytes; `RangeError` for out-of-range fields (a caller bug, not a client error). */
function encodePayload(payload: LinkTokenPayload): Buffer {
  const { bookingId, scope, version, expiresAt } = payload;
  const scopeCode = SCOPE_CODES[scope];
  if (scopeCode === undefined) throw new RangeError(`unknown link scope ${JSON.stringify(scope)}`);
  if (!Number.isInteger(version) || version < 0 || version > 0xffff_ffff) throw new RangeError('version must be an integer 0..2^32-1');
  if (!Number.isInteger(expiresAt) || expiresAt < 0 || expiresAt > MAX_UINT48) throw new RangeError('expiresAt must be an integer epoch ms 0..2^48-1');
  const id = encodeId(bookingId);
  const bytes = Buffer.alloc(HEADER_BYTES + id.bytes.length);
  bytes.writeUInt8(scopeCode, 0);
  bytes.writeUInt8(id.kind, 1);
  bytes.writeUInt32BE(version, 2);
  bytes.writeUIntBE(expiresAt, 6, 6);
  id.bytes.copy(bytes, HEADER_BYTES);
  return bytes;
}

type SealKeys = { encryption: Buffer; nonce: Buffer };
const keyCache = new Map<string, SealKeys>();

/** The v2 keys of a secret (HKDF-SHA256, one label per use), derived once per secret. */
function sealKeys(secret: string): SealKeys {
  let keys = keyCache.get(secret);
  if (!keys) {
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, 'slotflow manage link', label, 32));
    keys = { encryption: derive('v2 encryption'), nonce: derive('v2 nonce') };
    if (keyCache.size > 8) keyCache.clear(); // a process holds one or two secrets; never grow without bound
    keyCache.set(secret, keys);
  }
  return keys;
}

function syntheticNonce(keys: SealKeys, payload: Buffer): Buffer {
  return createHmac('sha256', keys.nonce).update(PREFIX, 'ascii').update(payload).digest().subarray(0, NONCE_BYTES);
}

/**
 * Issues a manage link (v2, sealed). `version` is an integer 0..2^32−1, `expiresAt` an integer epoch ms
 * 0..2^48−1, `secret` at least 32 characters; anything else is a `RangeError`. Deterministic: the same
 * input and secret give the same token.
 */
export function signLinkToken(payload: LinkTokenPayload, secret: string): string {
  checkSecret(secret);
  const bytes = encodePayload(payload);
  const keys = sealKeys(secret);
  const nonce = syntheticNonce(keys, bytes);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(PREFIX, 'ascii'));
  const sealed = Buffer.concat([nonce, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + sealed.toString('base64url');
}

/**
 * A v1 token, as links were issued before #21 (signed, booking id readable). Kept so tests can make the
 * links customers already hold; production code issues v2 only.
 */
export function signLegacyLinkToken(payload: LinkTokenPayload, secret: string): string {
  checkSecret(secret);
  const signedPart = LEGACY_PREFIX + encodePayload(payload).toString('base64url');
  return `${signedPart}.${mac(signedPart, secret).toString('base64url')}`;
}

function invalid(): AppError {
  // One message for every cause: telling a prober which part failed helps nobody else.
  return new AppError('link_invalid', 'This link is not valid. Use the latest link we sent you.');
}

/** Strict base64url: only the canonical spelling of some byte string decodes. */
function decodeBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function parsePayload(bytes: Buffer): LinkTokenPayload | null {
  if (bytes.length <= HEADER_BYTES) return null;
  const scope = SCOPES_BY_CODE.get(bytes.readUInt8(0));
  const kind = bytes.readUInt8(1);
  const version = bytes.readUInt32BE(2);
  const expiresAt = bytes.readUIntBE(6, 6);
  const idBytes = bytes.subarray(HEADER_BYTES);
  if (!scope) return null;
  let bookingId: string;
  if (kind === ID_UUID && idBytes.length === 16) {
    const hex = idBytes.toString('hex');
    bookingId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  } else if (kind === ID_UTF8 && idBytes.length <= MAX_ID_BYTES) {
    bookingId = idBytes.toString('utf8');
    if (!Buffer.from(bookingId, 'utf8').equals(idBytes)) return null;
  } else return null;
  return { bookingId, scope, version, expiresAt };
}

function openSealed(token: string, secret: string): Buffer | null {
  const sealed = decodeBase64url(token.slice(PREFIX.length));
  if (!sealed || sealed.length <= NONCE_BYTES + TAG_BYTES + HEADER_BYTES) return null;
  const keys = sealKeys(secret);
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(PREFIX, 'ascii'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  let payload: Buffer;
  try {
    payload = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null; // the tag did not verify: tampered, or sealed with another secret
  }
  // One token per payload: a nonce other than the synthetic one was not made by signLinkToken.
  return timingSafeEqual(nonce, syntheticNonce(keys, payload)) ? payload : null;
}

function openLegacy(token: string, secret: string): Buffer | null {
  const dot = token.indexOf('.', LEGACY_PREFIX.length);
  if (dot < 0) return null;
  const signedPart = token.slice(0, dot);
  const payloadBytes = decodeBase64url(signedPart.slice(LEGACY_PREFIX.length));
  const given = decodeBase64url(token.slice(dot + 1));
  if (!payloadBytes || !given || given.length !== MAC_BYTES) return null;
  return timingSafeEqual(given, mac(signedPart, secret)) ? payloadBytes : null;
}

/**
 * Checks the format and the seal (v2) or signature (v1) only, and returns the payload; throws
 * `link_invalid` otherwise. It says nothing about expiry or version: the gateway uses it to learn the
 * booking id, loads the booking, then calls `verifyLinkToken` (or checks both itself) before showing or
 * changing anything.
 */
export function decodeLinkToken(token: string, secret: string): LinkTokenPayload {
  checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw invalid();
  const bytes = token.startsWith(PREFIX) ? openSealed(token, secret) : token.startsWith(LEGACY_PREFIX) ? openLegacy(token, secret) : null;
  const payload = bytes ? parsePayload(bytes) : null;
  if (!payload) throw invalid();
  return payload;
}

/** How long a manage link keeps opening its booking after the appointment's end (the ended page, "book again"). */
export const LINK_AFTER_END_MS = 30 * 86_400_000;

/** The instant (epoch ms) a manage link of a booking ending at `bookingEnd` stops working. */
export function linkExpiresAt(bookingEnd: number): number {
  return bookingEnd + LINK_AFTER_END_MS;
}

/**
 * Full check of a manage link against its booking as it is now (#20: a link names the booking, not one
 * version of it), at `now` (epoch ms), in this order:
 * 1. format and seal / signature → `link_invalid` (401);
 * 2. `version > currentVersion` → `link_invalid`: no such version was ever issued for this booking (a
 *    restored database, or a token for another booking's history); never treated as valid;
 * 3. `now >= linkExpiresAt(bookingEnd)` → `link_expired` (410). The booking's *current* end decides, not
 *    the expiry sealed into the token (the end the booking had when the link was made): a link from
 *    before a reschedule follows its booking to the new time. Links issued before #20 (v1 and v2 alike)
 *    therefore keep working too.
 * An older version than the booking's is fine for opening it: the link shows the booking as it is now.
 * Acting is guarded by the version the page saw (the gateway compares it; 409 `booking_changed`).
 * Scope is returned, not enforced: see `scopeAllows`.
 */
export function verifyLinkToken(token: string, secret: string, at: { now: number; currentVersion: number; bookingEnd: number }): LinkTokenPayload {
  const payload = decodeLinkToken(token, secret);
  if (payload.version > at.currentVersion) throw invalid();
  if (at.now >= linkExpiresAt(at.bookingEnd)) throw new AppError('link_expired', 'This link has expired.');
  return payload;
}
