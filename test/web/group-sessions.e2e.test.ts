/**
 * Group sessions (#19 item 2) in Chromium against the real stack: a 12-seat class with three seats taken
 * (seeded through the public API); on a phone-wide widget the customer sees "9 seats left", books a seat,
 * and after a reload the time shows one seat fewer; the admin's day view draws the session once with its
 * attendees (a popover listing them), and an attendee's detail names its seat and the others.
 *
 * "Now" is pinned (test/support/clock.ts): gateway and browsers answer TEST_NOW; the session is on the
 * second day of next month in Berlin (web-seed.ts), in the future at every pinned instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { adminApi, at, createProvider, createService, nextMonthDays, showNextMonth, ZONE } from './web-seed.ts';

type AdminBooking = { id: string; status: string; start: string; customer: { name: string } };

describe.skipIf(skipBrowser())('group sessions with seats', () => {
  let stack: WebStack;
  let browser: Browser;
  let ada: string;
  let yoga: string;
  const { second: day } = nextMonthDays();
  const ten = new Date(at(day, '10:00')).toISOString();
  const seeded = ['Ana Asana', 'Ben Bridge', 'Cleo Cobra'];

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ada = await createProvider(stack, 'Ada Yogi');
    yoga = await createService(stack, { name: 'Yoga', durationMinutes: 60, seats: 12, providerIds: [ada] });
    await createService(stack, { name: 'Consultation', providerIds: [ada] });
    for (const name of seeded) {
      const res = await fetch(`${stack.baseUrl}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          serviceId: yoga,
          providerId: ada,
          start: ten,
          timeZone: ZONE,
          customer: { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` },
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const bookingsOfYoga = async () => (await adminApi<{ bookings: AdminBooking[] }>(stack, 'GET', `/v1/admin/bookings?serviceId=${yoga}`)).bookings;

  /** The time button of `hhmm` on the session day (the widget at that day). */
  const timeButton = (page: Page, hhmm: string) => page.getByRole('button', { name: new RegExp(`^${hhmm}\\b`) });

  async function openSessionDay(page: Page) {
    await showNextMonth(page);
    await page.locator(`[data-date="${day}"]`).click();
    await page
      .getByRole('heading', { name: /Times on|,/ })
      .first()
      .waitFor();
    await timeButton(page, '10:00').waitFor();
  }

  it('the widget shows the seats left, books one, and shows one fewer after a reload (390 px)', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 390, height: 844 } });
    await pinBrowserClock(ctx);
    try {
      const page = await ctx.newPage();
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      await page.goto(`${stack.baseUrl}/book`);
      const yogaChoice = page.getByRole('button', { name: /Yoga/ });
      await expect.poll(() => yogaChoice.textContent()).toContain('60 min · Group class · 12 seats');
      expect(await page.getByRole('button', { name: /Consultation/ }).textContent()).not.toContain('Group class');
      await screenshot(page, 'seats-1-services-390');
      await yogaChoice.click();
      await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
      expect(await page.locator('.sf-service').textContent()).toBe('Yoga · 60 min · Group class · 12 seats');
      await openSessionDay(page);
      // The open session: 12 − 3 taken; a new one (11:00) has every seat.
      expect(await timeButton(page, '10:00').textContent()).toBe('10:009 seats left');
      expect(await timeButton(page, '11:00').textContent()).toBe('11:0012 seats left');
      // No button wraps its time or its seats line: each is two lines tall at most, none wider than its cell.
      const sizes = await page
        .locator('.sf-slots button')
        .evaluateAll((els) => els.map((el) => ({ h: el.getBoundingClientRect().height, sw: el.scrollWidth, cw: el.clientWidth })));
      expect(sizes.length).toBeGreaterThan(3);
      for (const s of sizes) expect(s.sw).toBeLessThanOrEqual(s.cw);
      expect(new Set(sizes.map((s) => Math.round(s.h))).size).toBe(1);
      await screenshot(page, 'seats-2-times-390');

      await timeButton(page, '10:00').click();
      await page.getByLabel('Name').fill('Dora Dancer');
      await page.getByLabel('E-mail', { exact: true }).fill('dora@example.com');
      expect(await page.locator('.sf-chosen').textContent()).toContain('9 seats left');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
      expect(await page.locator('.sf-summary').textContent()).toContain('1 seat in this group class (12 seats per session)');
      await screenshot(page, 'seats-3-confirmed-390');
      const all = await bookingsOfYoga();
      expect(all.map((b) => b.customer.name).sort()).toEqual([...seeded, 'Dora Dancer'].sort());
      expect(new Set(all.map((b) => Date.parse(b.start)))).toEqual(new Set([Date.parse(ten)]));

      // A reload of the confirmation shows its day again (the booking itself is not in the URL): one seat fewer.
      await page.reload();
      await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
      await expect.poll(() => page.locator(`[data-date="${day}"]`).getAttribute('aria-pressed')).toBe('true');
      await timeButton(page, '10:00').waitFor();
      expect(await timeButton(page, '10:00').textContent()).toBe('10:008 seats left');
      expect(await timeButton(page, '11:00').textContent()).toBe('11:0012 seats left');
    } finally {
      await ctx.close();
    }
  });

  it('the admin day view shows the session once with its attendees; a detail names the seat', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    await pinBrowserClock(ctx);
    try {
      const page = await ctx.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      await page.goto(`${stack.baseUrl}/admin/bookings?view=day&date=${day}`);
      await page.getByLabel('Admin API key').fill(stack.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const box = page.locator('.bk-grid-col .bk-session');
      await box.waitFor();
      expect(await box.count()).toBe(1);
      expect(await page.locator('.bk-grid-col a.bk-event').count()).toBe(0); // no box per attendee
      expect(await box.locator('.bk-event-who').textContent()).toBe('Yoga · 4/12 seats');
      const title = (await box.getAttribute('title'))!;
      for (const name of [...seeded, 'Dora Dancer']) expect(title).toContain(name);
      expect(await page.locator('.bk-grid-col').getAttribute('aria-label')).toMatch(/: 1 group session$/);
      await screenshot(page, 'seats-4-admin-day');
      // The week holds the same one box.
      await page.getByRole('navigation', { name: 'Bookings view' }).getByRole('link', { name: 'Week' }).click();
      await page.locator('.bk-grid-week').waitFor();
      await expect.poll(() => page.locator('.bk-grid-col .bk-session').count()).toBe(1);
      expect(await page.locator('.bk-grid-col .bk-session .bk-event-who').textContent()).toBe('Yoga · 4/12 seats');
      await screenshot(page, 'seats-4-admin-week');
      await page.getByRole('navigation', { name: 'Bookings view' }).getByRole('link', { name: 'Day' }).click();
      await page.waitForURL(/view=day/);

      await box.click();
      const pop = page.getByRole('dialog', { name: /Yoga, 10:00–11:00: attendees/ });
      await pop.waitFor();
      expect(await pop.textContent()).toContain('4 of 12 seats taken');
      // Seat order is booking order; the pinned clock gives all four the same createdAt, so only the set is fixed.
      expect((await pop.getByRole('link').allTextContents()).sort()).toEqual([...seeded, 'Dora Dancer'].sort());
      await screenshot(page, 'seats-5-admin-popover');

      await pop.getByRole('link', { name: 'Cleo Cobra' }).click();
      await page.getByRole('heading', { name: /Cleo Cobra/ }).waitFor();
      const seatLine = /^Seat ([1-4]) of 12 in this session · 4 taken$/;
      await expect.poll(() => page.getByTestId('seat').textContent()).toMatch(seatLine);
      const cleoSeat = seatLine.exec((await page.getByTestId('seat').textContent())!)![1];
      const others = page.getByRole('list', { name: 'Other attendees' });
      expect((await others.getByRole('link').allTextContents()).sort()).toEqual(['Ana Asana', 'Ben Bridge', 'Dora Dancer']);
      await screenshot(page, 'seats-6-admin-detail');
      await others.getByRole('link', { name: 'Dora Dancer' }).click();
      await page.getByRole('heading', { name: /Dora Dancer/ }).waitFor();
      await expect.poll(() => page.getByTestId('seat').textContent()).toMatch(seatLine);
      expect(seatLine.exec((await page.getByTestId('seat').textContent())!)![1]).not.toBe(cleoSeat); // one seat each

      // Phone width: the day view still draws one box.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${stack.baseUrl}/admin/bookings?view=day&date=${day}`);
      await page.locator('.bk-grid-col .bk-session').waitFor();
      expect(await page.locator('.bk-grid-col .bk-session').count()).toBe(1);
      await screenshot(page, 'seats-7-admin-day-390');
    } finally {
      await ctx.close();
    }
  });
});
