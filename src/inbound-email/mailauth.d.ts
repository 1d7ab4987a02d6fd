/** The part of mailauth 4.x (no bundled types) slotflow uses: `authenticate` and its DMARC verdict. */
declare module 'mailauth' {
  export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;
  export function authenticate(
    input: Buffer | string,
    opts: {
      ip?: string | undefined;
      helo?: string | undefined;
      sender?: string | undefined;
      mta?: string | undefined;
      resolver?: DnsResolver | undefined;
      trustReceived?: boolean | undefined;
      disableArc?: boolean | undefined;
      disableBimi?: boolean | undefined;
    },
  ): Promise<{
    dkim?: { results?: { status?: { result?: string } }[] } | undefined;
    spf?: { status?: { result?: string } } | false | undefined;
    dmarc?: { status?: { result?: string }; policy?: string; domain?: string } | false | undefined;
  }>;
}
