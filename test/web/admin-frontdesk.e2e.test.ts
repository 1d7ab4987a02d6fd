/**
 * #20 item 4, the front desk in Chromium against the real stack (gateway with the built pages, worker,
 * PGlite, Temporal dev server): staff book a free slot from the "New booking" page (channel admin, intake
 * answered), then a time that is not offered — the page flags it, warns before booking, and the booking's
 * history records the override; the customer search finds a booking by phone digits typed with spaces;
 * "Export CSV" downloads the filtered list with every row. Outcomes are checked through the admin API.
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's and Chromium's clocks answer TEST_NOW; the
 * bookings are "tomorrow" in Berlin at TEST_NOW (10:00–18:45, which exist on DST days), in the real
 * future at every instant the sweep pins, so their workflows only send the confirmation.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';
import { addDays, isoInZone, localDate, zonedInstant } from '../../web/src/admin/bookings/zone.ts';

const ZONE = 'Europe/Berlin';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- admin API answers read loosely in assertions
type Json = Record<string, any>;

describe.skipIf(skipBrowser())('front desk: new booking, search, export', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let desk: string;
  let consultation: string;
  const today = localDate(TEST_NOW, ZONE);
  const tomorrow = addDays(today, 1);
  const at = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return isoInZone(zonedInstant(tomorrow, h! * 60 + m!, ZONE), ZONE);
  };
  const shots = process.env.FRONTDESK_SHOTS;
  const shot = async (name: string) => {
    await screenshot(page, name);
    if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  };

  async function call(method: string, path: string, body?: unknown, admin = true): Promise<{ status: number; json: Json }> {
    const res = await fetch(stack.baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(admin ? { authorization: `Bearer ${stack.adminKey}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Json };
  }
  async function create(path: string, body: unknown, admin = true): Promise<Json> {
    const r = await call('POST', path, body, admin);
    expect(r.status, `${path}: ${JSON.stringify(r.json)}`).toBe(201);
    return r.json;
  }

  beforeAll(async () => {
    stack = await startWebStack();
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '18:00']]]));
    desk = (await create('/v1/admin/providers', { name: 'Dr. Desk', email: 'desk@clinic.test', timeZone: ZONE, weeklyHours: hours })).id;
    consultation = (
      await create('/v1/admin/services', {
        name: 'Consultation',
        durationMinutes: 30,
        providerIds: [desk],
        intakeFields: [{ key: 'reason', label: 'Reason for visit', type: 'text', required: true }],
      })
    ).id;
    await create(
      '/v1/bookings',
      {
        serviceId: consultation,
        start: at('10:00'),
        timeZone: ZONE,
        customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+4915123456789' },
        intake: { reason: 'Check-up' },
      },
      false,
    );
    browser = await launchBrowser();
    context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await pinBrowserClock(context);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const openNewBooking = async () => {
    await page.getByRole('link', { name: 'New booking' }).first().click();
    await page.getByRole('heading', { name: 'New booking' }).waitFor();
    await page.getByLabel('Service').selectOption({ label: 'Consultation (30 min)' });
    await page.getByLabel('Provider').selectOption({ label: 'Dr. Desk' });
    await page.getByLabel('Day').fill(tomorrow);
    await page.getByRole('group', { name: 'Free slots' }).getByRole('button', { name: '11:00' }).waitFor();
  };
  const fillCustomer = async (name: string, phone: string) => {
    await page.getByLabel('Name *').fill(name);
    await page.getByLabel('Phone').fill(phone);
    await page.getByLabel('Reason for visit *').fill('Walk-in');
  };
  const openedBooking = async () => {
    await page.waitForURL(/\/admin\/bookings\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    return (await call('GET', `/v1/admin/bookings/${id}`)).json;
  };

  it('books a free slot for a walk-in customer', async () => {
    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await shot('admin-frontdesk-overview');
    await openNewBooking();
    // 10:00 is Ada's: not offered.
    expect(await page.getByRole('group', { name: 'Free slots' }).getByRole('button', { name: '10:00' }).count()).toBe(0);
    await page.getByRole('group', { name: 'Free slots' }).getByRole('button', { name: '11:00' }).click();
    await fillCustomer('Walk-in Wendy', '+49 170 1112223');
    await shot('admin-frontdesk-new-booking');
    await page.getByRole('button', { name: 'Create booking' }).click();
    const b = await openedBooking();
    expect(b).toMatchObject({
      channel: 'admin',
      status: 'confirmed',
      customer: { name: 'Walk-in Wendy', phone: '+491701112223' },
      intake: { reason: 'Walk-in' },
    });
    expect(Date.parse(b.start)).toBe(Date.parse(at('11:00')));
    expect(b.events[0]).toMatchObject({ type: 'reserved', actor: 'admin' });
  });

  it('books a time that is not offered only after the override warning', async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings/new`);
    await page.getByRole('heading', { name: 'New booking' }).waitFor();
    await page.getByLabel('Service').selectOption({ label: 'Consultation (30 min)' });
    await page.getByLabel('Provider').selectOption({ label: 'Dr. Desk' });
    await page.getByLabel('Day').fill(tomorrow);
    await page.getByRole('group', { name: 'Free slots' }).getByRole('button', { name: '11:30' }).waitFor();
    // 18:15: after working hours.
    await page.getByLabel(`Another time (${ZONE})`).fill('18:15');
    await page.getByText('Not a free slot: this will be booked as an override.').waitFor();
    await fillCustomer('Late Larry', '+49 170 9998887');
    await page.getByRole('button', { name: 'Create booking' }).click();
    const warning = page.locator('.fd-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/18:15 is not a free slot\..*overlaps another booking is still refused/);
    await shot('admin-frontdesk-override-warning');
    // Nothing booked before the confirmation.
    const before = (await call('GET', `/v1/admin/bookings?q=Larry`)).json;
    expect(before.bookings).toHaveLength(0);
    await page.getByRole('button', { name: 'Book anyway' }).click();
    const b = await openedBooking();
    expect(b).toMatchObject({ channel: 'admin', status: 'confirmed', customer: { name: 'Late Larry' } });
    expect(Date.parse(b.start)).toBe(Date.parse(at('18:15')));
    expect(b.events[0]).toMatchObject({ type: 'reserved', data: { override: { skipped: 'not_a_slot' } } });
    // The booking's history says so.
    await page.getByText('as confirmed via admin — booked by override: not a free slot').waitFor();
    await shot('admin-frontdesk-override-booked');
  });

  it('finds a customer by phone digits typed with spaces', async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings?view=list&from=${today}&to=${addDays(today, 3)}`);
    await page.getByRole('heading', { name: 'Bookings', exact: true }).waitFor();
    await expect.poll(() => page.locator('.bk-table tbody tr').count()).toBe(3);
    await page.getByLabel('Search customers').fill('+49 151 23');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=%2B49\+151\+23/);
    await expect.poll(() => page.locator('.bk-table tbody tr').count()).toBe(1);
    // The row shows the phone the search matched.
    expect(await page.locator('.bk-table tbody').textContent()).toContain('Ada Lovelace');
    expect(await page.locator('.bk-table tbody').textContent()).toContain('+4915123456789');
    await shot('admin-frontdesk-search');
    // By name, case-insensitive.
    await page.getByLabel('Search customers').fill('larry');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => page.locator('.bk-table tbody').textContent()).toContain('Late Larry');
    expect(await page.locator('.bk-table tbody tr').count()).toBe(1);
  });

  it('exports the filtered list as a CSV file with every row', async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings?view=list&from=${today}&to=${addDays(today, 3)}`);
    await expect.poll(() => page.locator('.bk-table tbody tr').count()).toBe(3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`bookings-${today}.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff); // the byte order mark Excel needs
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^id,status,start_utc,end_utc,start_local,end_local,time_zone,service,provider,customer_name,/);
    expect(lines.slice(1, -1).map((l) => l.split(',')[9])).toEqual(['Ada Lovelace', 'Walk-in Wendy', 'Late Larry']);
    expect(lines[1]).toContain(`,${at('10:00')},`);
    expect(lines[1]).toContain(`,${ZONE},Consultation,Dr. Desk,`);

    // With a search, only what it finds.
    await page.getByLabel('Search customers').fill('wendy');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.bk-table tbody tr').count()).toBe(1);
    const [filtered] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const rows = readFileSync((await filtered.path())!, 'utf8')
      .split('\r\n')
      .slice(1, -1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(',Walk-in Wendy,');

    // On a phone the bar wraps without a horizontal scroll of the page; the form stacks its fields.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('admin-frontdesk-bookings-phone');
    await page.getByRole('link', { name: 'New booking' }).click();
    await page.getByLabel('Service').selectOption({ label: 'Consultation (30 min)' });
    // Tomorrow, as above: today may have no free time left at the pinned instant (clock sweep: Friday 20:13 Berlin).
    await page.getByLabel('Day').fill(tomorrow);
    await page.getByRole('group', { name: 'Free slots' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('admin-frontdesk-new-booking-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
