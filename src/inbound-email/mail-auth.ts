/**
 * Is this message really from its From domain? DKIM, SPF and DMARC through `mailauth` (4.x: 7.x needs
 * Node ≥ 22.19). Only the DMARC verdict is used: `fail` means the From domain's owner says this message
 * is not theirs, and nothing is booked, moved or cancelled from it. `none` (the domain publishes no
 * policy) and `temperror` (DNS unreachable) do not block: the signed reply token is what authorises a
 * change, DMARC only vetoes forgeries a domain can prove.
 *
 * The DNS resolver is injectable so tests use a local zone; production uses the system resolver.
 */
import { authenticate, type DnsResolver } from 'mailauth';

export type DmarcVerdict = 'pass' | 'fail' | 'none' | 'temperror' | 'permerror' | 'not_checked';

export type MailAuthenticator = (raw: Buffer, peer: { ip: string | undefined; helo: string | undefined; sender: string | undefined }) => Promise<DmarcVerdict>;

const VERDICTS = new Set<DmarcVerdict>(['pass', 'fail', 'none', 'temperror', 'permerror']);

/** An authenticator; `resolver` replaces DNS (tests), `mta` names this host in the verdict. */
export function createMailAuthenticator(opts: { resolver?: DnsResolver | undefined; mta?: string | undefined } = {}): MailAuthenticator {
  return async (raw, peer) => {
    if (!peer.ip) return 'not_checked'; // SPF needs the connecting address; without it a verdict would mislead
    try {
      const result = await authenticate(raw, {
        ip: peer.ip,
        helo: peer.helo,
        sender: peer.sender,
        mta: opts.mta ?? 'slotflow',
        resolver: opts.resolver,
        disableArc: true,
        disableBimi: true,
      });
      const verdict = result.dmarc ? result.dmarc.status?.result : 'none';
      return verdict && VERDICTS.has(verdict as DmarcVerdict) ? (verdict as DmarcVerdict) : 'none';
    } catch {
      return 'temperror';
    }
  };
}
