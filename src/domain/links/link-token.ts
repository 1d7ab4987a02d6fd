/**
 * Signed manage-link tokens (DESIGN.md §4): `v1.<payload>.<mac>`, both parts base64url without padding.
 *
 * - Payload (binary, big-endian): scope (1 byte: 1 = manage, 2 = view) · id kind (1 byte: 0 = UUID as
 *   16 bytes, 1 = UTF-8 string, for ids that are not lower-case canonical UUIDs) · version (uint32) ·
 *   expiresAt (uint48, epoch ms; good until the year 10889) · booking id. For a UUID that is 28 bytes,
 *   and the whole token is 85 characters.
 * - MAC: HMAC-SHA256(secret, "v1.<payload>") in full (32 bytes); the prefix is signed too, so a token
 *   cannot be re-read under another format version. Compared with `timingSafeEqual`.
 * - Only the canonical base64url spelling is accepted. `Buffer.from(s, 'base64url')` is lenient (it
 *   skips unknown characters and ignores the unused low bits of the last character), so without the
 *   round-trip check some single-character edits of a token would still verify.
 * - The payload is signed, not encrypted: anyone holding the link can read the booking id, scope,
 *   version and expiry. They carry nothing secret; the link itself is the credential.
 *
 * Failures are `AppError`s: `link_invalid` (401) for anything malformed, tampered or signed with another
 * secret; `link_superseded` (410) / `link_expired` (410) for genuine tokens that no longer act. Programming
 * errors (a short secret, an out-of-range version) are `RangeError`s.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';

/** `manage` = view + reschedule + cancel; `view` = view only. */
export type LinkScope = 'manage' | 'view';
export type LinkAction = 'view' | 'confirm' | 'reschedule' | 'cancel';

export type LinkTokenPayload = {
  bookingId: string;
  scope: LinkScope;
  /** The booking's version when the link was issued (bookings.version, bumped on every change). */
  version: number;
  /** Epoch ms; the link stops working at this instant (inclusive). */
  expiresAt: number;
};

const PREFIX = 'v1.';
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

/**
 * Signs a manage link. `version` is an integer 0..2^32−1, `expiresAt` an integer epoch ms 0..2^48−1,
 * `secret` at least 32 characters; anything else is a `RangeError` (a caller bug, not a client error).
 * Deterministic: the same input and secret give the same token.
 */
export function signLinkToken(payload: LinkTokenPayload, secret: string): string {
  checkSecret(secret);
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
  const signedPart = PREFIX + bytes.toString('base64url');
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

/**
 * Checks the format and the signature only, and returns the payload; throws `link_invalid` otherwise.
 * It says nothing about expiry or version: the gateway uses it to learn the booking id, loads the booking,
 * then calls `verifyLinkToken` (or checks both itself) before showing or changing anything.
 */
export function decodeLinkToken(token: string, secret: string): LinkTokenPayload {
  checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) throw invalid();
  const dot = token.indexOf('.', PREFIX.length);
  if (dot < 0) throw invalid();
  const signedPart = token.slice(0, dot);
  const payloadBytes = decodeBase64url(signedPart.slice(PREFIX.length));
  const given = decodeBase64url(token.slice(dot + 1));
  if (!payloadBytes || !given || given.length !== MAC_BYTES) throw invalid();
  if (!timingSafeEqual(given, mac(signedPart, secret))) throw invalid();
  const payload = parsePayload(payloadBytes);
  if (!payload) throw invalid();
  return payload;
}

/**
 * Full check of a manage link against the booking's current version at `now` (epoch ms), in this order:
 * 1. format and signature → `link_invalid` (401);
 * 2. `version < currentVersion` → `link_superseded` (410): the booking changed and a newer link was sent.
 *    Checked before expiry because it is the more useful answer ("use the newer link") when both hold;
 * 3. `now >= expiresAt` → `link_expired` (410);
 * 4. `version > currentVersion` → `link_invalid`: no such version was ever issued for this booking (a
 *    restored database, or a token for another booking's history); never treated as valid.
 * Scope is returned, not enforced: see `scopeAllows`.
 */
export function verifyLinkToken(
  token: string,
  secret: string,
  at: { now: number; currentVersion: number },
): LinkTokenPayload {
  const payload = decodeLinkToken(token, secret);
  if (payload.version < at.currentVersion) {
    throw new AppError('link_superseded', 'This booking has changed since this link was sent. Use the newest link we sent you.');
  }
  if (at.now >= payload.expiresAt) throw new AppError('link_expired', 'This link has expired.');
  if (payload.version > at.currentVersion) throw invalid();
  return payload;
}
