/**
 * Customers' manage links: `<base>/manage/<token>` (the manage page, which calls `/v1/manage/<token>`), the token
 * HMAC-signed over booking id, scope,
 * booking version and expiry (the appointment's end) — see src/domain/links/link-token.ts. A change to
 * the booking bumps its version, so every older link answers 410 `link_superseded`.
 * Shared by the gateway (answers) and the worker (puts the link into messages).
 */
import { signLinkToken } from '../domain/links/link-token.ts';

export type LinkSigner = {
  readonly secret: string;
  /** Public base URL without a trailing slash (short links live at `<base>/s/<code>`). */
  readonly baseUrl: string;
  manageToken(b: { id: string; version: number; end: string | Date }): string;
  manageUrl(b: { id: string; version: number; end: string | Date }): string;
  /** The manage link of an already signed token (short links resolve to it). */
  manageUrlOf(token: string): string;
  shortUrl(code: string): string;
};

export function createLinkSigner(secret: string, baseUrl: string): LinkSigner {
  const base = baseUrl.replace(/\/+$/, '');
  const manageToken: LinkSigner['manageToken'] = (b) => {
    const expiresAt = typeof b.end === 'string' ? Date.parse(b.end) : b.end.getTime();
    return signLinkToken({ bookingId: b.id, scope: 'manage', version: b.version, expiresAt }, secret);
  };
  return {
    secret,
    baseUrl: base,
    manageToken,
    manageUrl: (b) => `${base}/manage/${manageToken(b)}`,
    manageUrlOf: (token) => `${base}/manage/${token}`,
    shortUrl: (code) => `${base}/s/${code}`,
  };
}
