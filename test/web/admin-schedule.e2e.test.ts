/**
 * #20 item 6 in Chromium (browser zone Europe/Berlin, "now" pinned: the gateway's clock and the page's both
 * answer TEST_NOW): the overview leads with "Upcoming" (today and tomorrow: time, service, provider,
 * customer, status) and "Needs action" (a pending approval, a failed message, an unhealthy calendar); the
 * week view shades each provider's working hours in the provider's colour (one in Berlin, one in London
 * drawn an hour later), hatches a block added through the API, names the colours in a legend and shows a
 * 30-minute booking's time whole on one line; at 390 px the header folds into a menu and the bookings page
 * opens on the day view; a block on a past date is refused at the override form (422 body.end).
 *
 * Data holds at any instant: bookings are written straight into the database (no workflow runs) at
 * wall-clock times that exist on DST days, tomorrow and later except one today; the block is tomorrow,
 * so it is in the future whatever TEST_NOW is; both providers work every day.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { BookingStatus } from '../../src/db/schema.ts';
import { addDays, isoWeekday, localDate, localToInstant } from '../../src/domain/time/zones.ts';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';
import { insertProvider, insertService } from '../support/factories.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';

const ZONE = 'Europe/Berlin';
/** Element shapes read in the page (the tests compile without the DOM lib). */
type Styled = { style: { top: string; height: string } };
type Box = {
  querySelector(s: string): Box;
  textContent: string;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { top: number; right: number };
};
type Win = { getComputedStyle(e: unknown): Record<string, string> };
const every = (from: string, to: string) => JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [[from, to]]])));

describe.skipIf(skipBrowser())('admin as a scheduling tool', () => {
  let stack: WebStack;
  let browser: Browser;
  const today = localDate(TEST_NOW, ZONE);
  const tomorrow = addDays(today, 1);
  const at = (date: string, hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(localToInstant(date, h! * 60 + m!, ZONE, 'next')!);
  };
  const ids = { ada: '', bo: '', fiona: '', grace: '', pat: '' };

  beforeAll(async () => {
    stack = await startWebStack();
    const db = stack.db.db;
    ids.ada = await insertProvider(db, { name: 'Dr. Ada', time_zone: ZONE, weekly_hours: every('09:00', '17:00') });
    ids.bo = await insertProvider(db, { name: 'Dr. Bo', time_zone: 'Europe/London', weekly_hours: every('10:00', '18:00') });
    const consult = await insertService(db, { name: 'Consultation', duration_minutes: 30, providers: [ids.ada, ids.bo] });
    const booking = async (name: string, providerId: string, start: Date, status: BookingStatus) => {
      const end = new Date(start.getTime() + 30 * 60_000);
      return (
        await db
          .insertInto('bookings')
          .values({
            customer_name: name,
            service_id: consult,
            provider_id: providerId,
            start_time: start,
            end_time: end,
            blocked: `[${start.toISOString()},${end.toISOString()})`,
            status,
            created_at: new Date(TEST_NOW - 86_400_000),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    ids.grace = await booking('Grace Hopper', ids.bo, at(today, '12:00'), 'confirmed');
    ids.fiona = await booking('Fiona Fairweather-Longname', ids.ada, at(tomorrow, '10:20'), 'confirmed');
    ids.pat = await booking('Pat Pending', ids.bo, at(addDays(today, 2), '11:00'), 'pending');
    await db
      .insertInto('messages')
      .values({
        booking_id: ids.grace,
        kind: 'confirmation',
        channel: 'email',
        status: 'failed',
        recipient: 'grace@example.com',
        body_text: 'x',
        error: 'mailbox unavailable',
        idempotency_key: randomUUID(),
      })
      .execute();
    await db
      .insertInto('calendar_connections')
      .values({ provider_id: ids.bo, kind: 'caldav', status: 'unhealthy', display_name: 'Bo work', last_error: 'auth failed' })
      .execute();
    // The block goes through the API (the gateway's clock is TEST_NOW; tomorrow is in the future).
    const res = await fetch(`${stack.baseUrl}/v1/admin/providers/${ids.ada}/overrides`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'block', start: at(tomorrow, '14:00').toISOString(), end: at(tomorrow, '15:00').toISOString(), reason: 'Team meeting' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const open = async (width: number, height: number, url: string): Promise<Page> => {
    const context = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width, height } });
    await pinBrowserClock(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(`${stack.baseUrl}${url}`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  };

  it('the overview leads with today’s and tomorrow’s appointments and what needs action', async () => {
    const page = await open(1280, 900, '/admin');
    const todayPart = page.getByRole('region', { name: /^Today/ });
    await todayPart.getByRole('link', { name: 'Grace Hopper' }).waitFor();
    const cells = (part: typeof todayPart, name: string) =>
      part
        .locator('tr', { has: page.getByRole('link', { name }) })
        .locator('td')
        .allTextContents();
    expect(await cells(todayPart, 'Grace Hopper')).toEqual(['12:00–12:30', 'Consultation', 'Dr. Bo', 'Grace Hopper', 'confirmed']);
    const tomorrowPart = page.getByRole('region', { name: /^Tomorrow/ });
    expect(await cells(tomorrowPart, 'Fiona Fairweather-Longname')).toEqual([
      '10:20–10:50',
      'Consultation',
      'Dr. Ada',
      'Fiona Fairweather-Longname',
      'confirmed',
    ]);
    expect(await todayPart.getByRole('link', { name: 'Fiona Fairweather-Longname' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Upcoming' }).getByText('Pat Pending').count()).toBe(0); // the day after tomorrow

    const action = page.getByRole('region', { name: 'Needs action' });
    const approve = action.getByRole('region', { name: 'Pending approvals' }).getByRole('link', { name: 'Approve or decline Pat Pending' });
    await approve.waitFor();
    expect(await approve.getAttribute('href')).toBe(`/admin/bookings/${ids.pat}#actions`);
    const failed = action.getByRole('region', { name: 'Failed messages' });
    expect(await failed.textContent()).toContain('confirmation by email to grace@example.com: mailbox unavailable');
    expect(await failed.getByRole('link', { name: 'booking' }).getAttribute('href')).toBe(`/admin/bookings/${ids.grace}`);
    const calendar = action.getByRole('region', { name: 'Unhealthy calendars' }).getByRole('link', { name: 'Dr. Bo: Bo work' });
    await calendar.waitFor();
    expect(await calendar.getAttribute('href')).toBe(`/admin/calendars?provider=${ids.bo}`);
    expect(await action.getByText('Nothing needs action.').count()).toBe(0);
    await screenshot(page, 'admin-overview-upcoming');
    await page.context().close();
  });

  it('the week view shades working hours per provider, hatches the block, colours by provider, keeps a 30-min booking readable', async () => {
    const page = await open(1280, 900, `/admin/bookings?date=${tomorrow}&tz=${encodeURIComponent(ZONE)}`);
    const legend = page.getByRole('list', { name: 'Providers' });
    await legend.getByText('Dr. Ada').waitFor();
    expect(await legend.getByText('Dr. Bo').count()).toBe(1);
    const column = page.locator('.bk-grid-col').nth(isoWeekday(tomorrow) - 1);
    // Grid from 07:00 at 60 px an hour: Ada 09–17 Berlin; Bo 10–18 London = 11–19 Berlin.
    const box = async (sel: string) =>
      column.locator(sel).evaluateAll((els) => els.map((e) => [(e as unknown as Styled).style.top, (e as unknown as Styled).style.height]));
    await page.locator(`.bk-block[data-provider-id="${ids.ada}"]`).waitFor();
    expect(await box(`.bk-hours[data-provider-id="${ids.ada}"]`)).toEqual([['120px', '480px']]);
    expect(await box(`.bk-hours[data-provider-id="${ids.bo}"]`)).toEqual([['240px', '480px']]);
    // Each provider shades its own lane (legend order: Ada, Bo).
    const lanes = await column.locator('.bk-hours').evaluateAll((els) => els.map((e) => (e as unknown as { style: { left: string } }).style.left));
    expect(lanes).toEqual(['0%', '50%']);
    const block = column.getByRole('note', { name: 'Dr. Ada blocked 14:00–15:00: Team meeting' });
    expect(await block.evaluate((e) => [(e as unknown as Styled).style.top, (e as unknown as Styled).style.height])).toEqual(['420px', '60px']);

    // The booking's stripe is Ada's legend colour, not Bo's.
    const fiona = column.locator(`a[data-booking-id="${ids.fiona}"]`);
    const swatch = (name: string) =>
      legend
        .locator('li', { hasText: name })
        .locator('.bk-swatch')
        .evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).backgroundColor);
    const stripe = await fiona.evaluate((e) => (globalThis as unknown as Win).getComputedStyle(e).borderLeftColor);
    expect(stripe).toBe(await swatch('Dr. Ada'));
    expect(stripe).not.toBe(await swatch('Dr. Bo'));
    // 30 minutes: start time whole on one line, the name cut with an ellipsis, the full text in the label.
    const readable = await fiona.evaluate((el) => {
      const e = el as unknown as Box;
      const time = e.querySelector('.bk-event-time');
      const who = e.querySelector('.bk-event-who');
      return {
        time: time.textContent,
        timeFits: time.scrollWidth <= time.clientWidth + 1 && time.getBoundingClientRect().right <= e.getBoundingClientRect().right,
        sameLine: Math.abs(time.getBoundingClientRect().top - who.getBoundingClientRect().top) < 4,
        ellipsis: (globalThis as unknown as Win).getComputedStyle(who).textOverflow,
      };
    });
    expect(readable).toEqual({ time: '10:20', timeFits: true, sameLine: true, ellipsis: 'ellipsis' });
    expect(await fiona.getAttribute('aria-label')).toBe('10:20–10:50 Fiona Fairweather-Longname, Consultation with Dr. Ada, Confirmed');
    await screenshot(page, 'admin-week-schedule');
    await page.context().close();
  });

  it("a block on a past date is refused at the provider's override form and nothing is stored", async () => {
    const page = await open(1280, 900, `/admin/providers/${ids.ada}`);
    await page.getByRole('heading', { name: 'Overrides' }).waitFor();
    await page.getByLabel('Block (not bookable)').check();
    await page.locator('#range-date').fill(addDays(today, -1));
    await page.getByLabel('From', { exact: true }).fill('09:00');
    await page.getByLabel('Until', { exact: true }).fill('10:00');
    await page.getByRole('button', { name: 'Add block' }).click();
    await page.getByText(/^Not added: body\.end: has already passed/).waitFor();
    expect(await page.locator('#range-to').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#range-to-error').textContent()).toContain('overrides only change the future');
    await screenshot(page, 'admin-override-past-refused');
    const res = await fetch(`${stack.baseUrl}/v1/admin/providers/${ids.ada}/overrides`, { headers: { authorization: `Bearer ${stack.adminKey}` } });
    const stored = ((await res.json()) as { overrides: { reason: string | null }[] }).overrides;
    expect(stored.map((o) => o.reason)).toEqual(['Team meeting']);
    await page.context().close();
  });

  it('at 390 px the header folds into a menu and the bookings page opens on the day view', async () => {
    const page = await open(390, 844, '/admin');
    await page.getByRole('region', { name: 'Upcoming' }).waitFor();
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Bookings', exact: true }).isVisible()).toBe(false);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-phone-overview');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'admin-phone-menu');
    await page.getByRole('link', { name: 'Bookings', exact: true }).click();
    await page.getByRole('heading', { name: 'Bookings', exact: true }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Bookings view' }).getByRole('link', { name: 'Day' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('.bk-grid-col').count()).toBe(1);
    // An explicit week link still gives the week.
    expect(await page.getByRole('navigation', { name: 'Bookings view' }).getByRole('link', { name: 'Week' }).getAttribute('href')).toContain('view=week');
    await screenshot(page, 'admin-phone-bookings');
    await page.context().close();
  });
});
