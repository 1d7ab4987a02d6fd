import { describe, expect, it } from 'vitest';
import { assertCalendarUrlAllowed, classifyAddress, isAddressAllowed, type LookupFn, parseIp } from '../../src/outbound/ssrf-guard.ts';
import { AppError } from '../../src/errors.ts';

/** A lookup that answers from a table and records what it was asked. */
function fakeLookup(table: Record<string, string[]>): LookupFn & { asked: string[] } {
  const asked: string[] = [];
  const fn = async (host: string) => {
    asked.push(host);
    const addrs = table[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addrs.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(fn, { asked });
}

async function refusal(p: Promise<void>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const app = err as AppError;
  expect(app.code).toBe('invalid_request');
  expect(app.status).toBe(422);
  expect(app.extra.errors?.[0]?.path).toBe('body.url');
  return app;
}

const PRIVATE_ADDRESSES = [
  '127.0.0.1',
  '127.255.255.254',
  '10.0.0.1',
  '10.255.255.255',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.10',
  '169.254.0.1',
  '100.64.0.1',
  '100.127.255.255',
  '0.0.0.0',
  '0.1.2.3',
  '192.0.0.8',
  '198.18.0.1',
  '::1',
  '::',
  'fc00::1',
  'fd12:3456:789a::1',
  'fe80::1',
  'fe80::1%eth0',
  'febf::1',
  'fec0::1',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '0:0:0:0:0:ffff:10.0.0.1',
  '::ffff:192.168.0.1',
  '::127.0.0.1',
  '64:ff9b::10.0.0.1',
  '64:ff9b::a9fe:1',
];
const FORBIDDEN_ADDRESSES = [
  '169.254.169.254',
  '::ffff:169.254.169.254',
  'fd00:ec2::254',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  'ff02::1',
];
const PUBLIC_ADDRESSES = [
  '8.8.8.8',
  '1.1.1.1',
  '172.15.255.255',
  '172.32.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '169.253.255.255',
  '192.169.0.1',
  '11.0.0.1',
  '2001:4860:4860::8888',
  '2606:4700:4700::1111',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  'fbff::1',
  'fe7f::1',
];

describe('classifyAddress', () => {
  it.each(PRIVATE_ADDRESSES)('%s is private', (a) => expect(classifyAddress(a)).toBe('private'));
  it.each(FORBIDDEN_ADDRESSES)('%s is never allowed', (a) => expect(classifyAddress(a)).toBe('forbidden'));
  it.each(PUBLIC_ADDRESSES)('%s is public', (a) => expect(classifyAddress(a)).toBe('public'));

  it('unparseable input is forbidden', () => {
    for (const a of ['', 'localhost', '1.2.3', '1.2.3.256', '::g', '1::2::3']) expect(classifyAddress(a)).toBe('forbidden');
  });

  it('isAddressAllowed follows allowPrivateNetworks for private, never for forbidden', () => {
    expect(isAddressAllowed('10.0.0.1', false)).toBe(false);
    expect(isAddressAllowed('10.0.0.1', true)).toBe(true);
    expect(isAddressAllowed('169.254.169.254', true)).toBe(false);
    expect(isAddressAllowed('8.8.8.8', false)).toBe(true);
  });

  it('parseIp expands IPv6 forms', () => {
    expect([...parseIp('::ffff:1.2.3.4')!]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect([...parseIp('2001:db8::1')!]).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...parseIp('1:2:3:4:5:6:7:8')!]).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
  });
});

describe('assertCalendarUrlAllowed', () => {
  const lookup = fakeLookup({
    'caldav.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'intranet.example.com': ['10.1.2.3'],
    'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
    'mapped.example.com': ['::ffff:127.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
    'cgnat.example.com': ['100.64.1.1'],
    'empty.example.com': [],
  });

  it('allows public hosts over http and https', async () => {
    await expect(assertCalendarUrlAllowed('https://caldav.example.com/dav/calendars/ada/', { allowPrivateNetworks: false, lookup })).resolves.toBeUndefined();
    await expect(assertCalendarUrlAllowed('http://caldav.example.com:8080/cal.ics', { allowPrivateNetworks: false, lookup })).resolves.toBeUndefined();
    expect(lookup.asked).toContain('caldav.example.com');
  });

  it.each([
    ['ftp://caldav.example.com/cal.ics', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['gopher://caldav.example.com/', 'http or https'],
    ['caldav.example.com/cal', 'absolute'],
    ['', 'absolute'],
  ])('refuses %j', async (url, fragment) => {
    const err = await refusal(assertCalendarUrlAllowed(url, { allowPrivateNetworks: true, lookup }));
    expect(err.extra.errors?.[0]?.message).toContain(fragment);
  });

  it.each([
    'https://intranet.example.com/cal',
    'https://mixed.example.com/cal', // one private address among public ones is enough
    'https://mapped.example.com/cal',
    'https://cgnat.example.com/cal',
    'http://127.0.0.1:5232/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0x7f.1/', // WHATWG URL turns numeric forms into 127.0.0.1
    'http://2130706433/',
    'http://0.0.0.0/',
    'http://[fe80::1]/',
    'http://192.168.0.1/',
  ])('refuses private %s unless allowPrivateNetworks', async (url) => {
    const err = await refusal(assertCalendarUrlAllowed(url, { allowPrivateNetworks: false, lookup }));
    expect(err.message).toContain('private or local');
    await expect(assertCalendarUrlAllowed(url, { allowPrivateNetworks: true, lookup })).resolves.toBeUndefined();
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'https://metadata.example.com/', 'http://[fd00:ec2::254]/', 'http://224.0.0.1/'])(
    'refuses %s even with allowPrivateNetworks',
    async (url) => {
      await refusal(assertCalendarUrlAllowed(url, { allowPrivateNetworks: true, lookup }));
    },
  );

  it('IP literals are not looked up', async () => {
    const spy = fakeLookup({});
    await assertCalendarUrlAllowed('https://8.8.8.8/cal', { allowPrivateNetworks: false, lookup: spy });
    await assertCalendarUrlAllowed('https://[2001:4860:4860::8888]/cal', { allowPrivateNetworks: false, lookup: spy });
    expect(spy.asked).toEqual([]);
  });

  it('a host that does not resolve is refused; other DNS failures are service_unavailable', async () => {
    const err = await refusal(assertCalendarUrlAllowed('https://nowhere.example.com/', { allowPrivateNetworks: false, lookup }));
    expect(err.message).toContain('does not resolve');
    await refusal(assertCalendarUrlAllowed('https://empty.example.com/', { allowPrivateNetworks: false, lookup }));
    const flaky: LookupFn = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    await expect(assertCalendarUrlAllowed('https://caldav.example.com/', { allowPrivateNetworks: false, lookup: flaky })).rejects.toMatchObject({
      code: 'service_unavailable',
    });
  });

  it('the real resolver: localhost is refused, and allowed with allowPrivateNetworks', async () => {
    await refusal(assertCalendarUrlAllowed('http://localhost:5232/dav/', { allowPrivateNetworks: false }));
    await expect(assertCalendarUrlAllowed('http://localhost:5232/dav/', { allowPrivateNetworks: true })).resolves.toBeUndefined();
  });
});
