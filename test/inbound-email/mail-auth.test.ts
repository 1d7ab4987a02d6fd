/**
 * DMARC through mailauth (4.x) with its DNS resolver replaced by a local zone: a DKIM-signed message
 * passes from any address (aligned DKIM), an unsigned or altered one from an address its SPF record does
 * not list fails, a domain without records is `none`, and a message without a peer address is not
 * checked at all.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createMailAuthenticator } from '../../src/inbound-email/mail-auth.ts';

type DkimSign = (
  input: Buffer,
  options: { signatureData: { signingDomain: string; selector: string; privateKey: string; algorithm: string; canonicalization: string }[] },
) => Promise<{ signatures: string; errors: unknown[] }>;
const { dkimSign } = createRequire(import.meta.url)('mailauth/lib/dkim/sign.js') as { dkimSign: DkimSign };

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const zone: Record<string, string[][]> = {
  'TXT:sel._domainkey.signed.test': [[`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`]],
  'TXT:_dmarc.signed.test': [['v=DMARC1; p=reject']],
  'TXT:signed.test': [['v=spf1 ip4:192.0.2.1 -all']],
};
const resolver = async (name: string, rrtype: string) => {
  const answer = zone[`${rrtype}:${name}`];
  if (answer) return answer;
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};
const authenticate = createMailAuthenticator({ resolver });

const message = (from: string, body = 'Please cancel my appointment.') =>
  Buffer.from(
    [
      `From: Anna <${from}>`,
      'To: book+x@clinic.test',
      'Subject: Re: Haircut',
      'Date: Sat, 05 Dec 2026 10:00:00 +0000',
      `Message-ID: <m-${body.length}@signed.test>`,
      '',
      body,
      '',
    ].join('\r\n'),
  );
async function signed(raw: Buffer): Promise<Buffer> {
  const { signatures } = await dkimSign(raw, {
    signatureData: [
      {
        signingDomain: 'signed.test',
        selector: 'sel',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        algorithm: 'rsa-sha256',
        canonicalization: 'relaxed/relaxed',
      },
    ],
  });
  return Buffer.concat([Buffer.from(signatures), raw]);
}

describe('DMARC verdicts (mailauth, local DNS zone)', () => {
  it('signed: pass from the listed address and from any other (DKIM aligned)', async () => {
    const raw = await signed(message('anna@signed.test'));
    expect(await authenticate(raw, { ip: '192.0.2.1', helo: 'mx.signed.test', sender: 'anna@signed.test' })).toBe('pass');
    expect(await authenticate(raw, { ip: '198.51.100.7', helo: 'relay.example', sender: 'anna@signed.test' })).toBe('pass');
  });

  it('unsigned from an unlisted address, or signed and then altered: fail', async () => {
    expect(await authenticate(message('anna@signed.test'), { ip: '198.51.100.7', helo: 'x', sender: 'anna@signed.test' })).toBe('fail');
    const raw = await signed(message('anna@signed.test'));
    const altered = Buffer.from(raw.toString().replace('Please cancel', 'Please CANCEL'));
    expect(await authenticate(altered, { ip: '198.51.100.7', helo: 'x', sender: 'anna@signed.test' })).toBe('fail');
  });

  it('a domain without a DMARC record is none (no veto); no peer address is not checked', async () => {
    expect(await authenticate(message('ben@nothing.test'), { ip: '198.51.100.7', helo: 'x', sender: 'ben@nothing.test' })).toBe('none');
    expect(await authenticate(message('anna@signed.test'), { ip: undefined, helo: undefined, sender: undefined })).toBe('not_checked');
  });
});
