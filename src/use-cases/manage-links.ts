/**
 * Customers' manage links: `<base>/manage/<token>` (the manage page, which calls `/v1/manage/<token>`), the token
 * sealed over booking id, scope, booking version and expiry — see src/domain/links/link-token.ts. Since #20
 * a link names the booking: every link ever sent for it (e-mails, calendar entries, reminders) opens its
 * current state until `linkExpiresAt` of its current end; acting needs the version the page saw.
 * Shared by the gateway (answers) and the worker (puts the link into messages).
 */
import { linkExpiresAt, signLinkToken } from '../domain/links/link-token.ts';

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
    const expiresAt = linkExpiresAt(typeof b.end === 'string' ? Date.parse(b.end) : b.end.getTime());
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
