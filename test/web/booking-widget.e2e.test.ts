/**
 * The booking widget in Chromium against the real stack (gateway + worker + PGlite + Temporal):
 * booking end to end through the one-line embed on another origin, losing a race for a slot, and a
 * network failure after the server booked (the retry must not book twice).
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock and Chromium's (pinBrowserClock on each
 * context) answer TEST_NOW, and the days booked are next month's at TEST_NOW in Berlin (web-seed.ts) —
 * in the real future at every instant the sweep pins, so the booking workflows on Temporal's real clock
 * have nothing to wait for here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { adminApi, ALL_INTAKE_FIELDS, at, createProvider, createService, nextMonthDays, showNextMonth, startHostPage, ZONE } from './web-seed.ts';

type AdminBooking = {
  id: string;
  status: string;
  start: string;
  providerId: string;
  customer: { name: string; email: string | null; phone: string | null; timeZone: string | null };
  intake: Record<string, unknown>;
};

describe.skipIf(skipBrowser())('booking widget', () => {
  let stack: WebStack;
  let browser: Browser;
  let ada: string;
  let grace: string;
  let teamService: string; // two providers, every intake field type
  let soloService: string; // one provider, one intake question

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ada = await createProvider(stack, 'Dr. Ada');
    grace = await createProvider(stack, 'Dr. Grace');
    teamService = await createService(stack, { name: 'Consultation', description: 'A first talk', providerIds: [ada, grace], intakeFields: ALL_INTAKE_FIELDS });
    soloService = await createService(stack, {
      name: 'Check-up',
      providerIds: [grace],
      intakeFields: [{ key: 'reason', label: 'Reason for visit', type: 'text', required: true }],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const bookingsOf = async (serviceId: string) =>
    (await adminApi<{ bookings: AdminBooking[] }>(stack, 'GET', `/v1/admin/bookings?serviceId=${serviceId}`)).bookings;

  /** Next month → its first day is picked for us; the keyboard moves to the second day and picks it. */
  async function pickSecondDayOfNextMonth(w: FrameLocator | Page) {
    const { first, second } = nextMonthDays();
    await showNextMonth(w); // "Next month", unless late on a month's last day the picker went there itself
    const firstBtn = w.locator(`[data-date="${first}"]`);
    await expect.poll(() => firstBtn.getAttribute('aria-pressed')).toBe('true');
    expect(await firstBtn.getAttribute('tabindex')).toBe('0'); // the grid's one tab stop
    await firstBtn.focus();
    await firstBtn.press('ArrowRight');
    const secondBtn = w.locator(`[data-date="${second}"]`);
    // A DOM element: the tests compile without the DOM lib.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await expect.poll(() => secondBtn.evaluate((el: any) => el === el.ownerDocument.activeElement)).toBe(true);
    await secondBtn.press('Enter');
    await expect.poll(() => secondBtn.getAttribute('aria-pressed')).toBe('true');
    expect(await firstBtn.getAttribute('tabindex')).toBe('-1');
    return second;
  }

  it('lists services on /book, then books through the embed on another site with every intake field type', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 900, height: 800 } });
    await pinBrowserClock(ctx); // the host page and the widget's iframe alike
    try {
      // The service step (no service in the URL).
      const direct = await ctx.newPage();
      await direct.goto(`${stack.baseUrl}/book`);
      await direct.getByRole('button', { name: /Consultation/ }).waitFor();
      await expect(direct.getByRole('button', { name: /Check-up/ }).count()).resolves.toBe(1);
      await screenshot(direct, 'widget-1-services');
      await direct.close();

      const host = await startHostPage(
        `<!doctype html><html><body><h1>Host</h1><script src="${stack.baseUrl}/embed.js" data-service="${teamService}"></script><p>Footer</p></body></html>`,
      );
      try {
        const page = await ctx.newPage();
        await page.goto(host.url);
        const w = page.frameLocator('iframe[data-slotflow-widget]');
        // The service step is skipped (the snippet names it); two providers → the provider step.
        await w.getByRole('heading', { name: 'Who would you like to see?' }).waitFor();
        await expect(w.getByRole('button', { name: 'Anyone available' }).count()).resolves.toBe(1);
        await screenshot(page, 'widget-2-provider');
        await w.getByRole('button', { name: 'Dr. Ada' }).click();

        await w.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
        expect(await w.getByLabel('Time zone').inputValue()).toBe(ZONE); // detected from the browser
        await screenshot(page, 'widget-3-calendar');
        const day = await pickSecondDayOfNextMonth(w);
        await w.getByRole('button', { name: '10:30', exact: true }).waitFor();
        await screenshot(page, 'widget-4-slots');
        await w.getByRole('button', { name: '10:30', exact: true }).click();

        await w.getByRole('heading', { name: 'Your details' }).waitFor();
        // Client-side validation: nothing sent, each required field says so at the field.
        await w.getByRole('button', { name: 'Confirm booking' }).click();
        await expect.poll(() => w.locator('.field .error').count()).toBe(5); // name, e-mail, reason, kind, consent
        await expect(w.locator('#sf-c-name-err').textContent()).resolves.toBe('is required');
        await expect(w.locator('#sf-i-consent-err').textContent()).resolves.toBe('is required');
        expect(await w.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
        expect(await bookingsOf(teamService)).toHaveLength(0);

        await w.getByLabel('Name').fill('Ada Customer');
        await w.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
        await w.getByLabel('Phone').fill('+49 30 1234567');
        await w.getByLabel('Reason for visit').fill('Back pain');
        await w.getByLabel('Anything we should know?').fill('Allergic to latex\nPrefers mornings');
        await w.getByLabel('Type of visit').selectOption('Follow-up');
        await w.getByLabel('I agree to the terms').check();
        await screenshot(page, 'widget-5-form');
        // Only the server can know: the business dropped "Follow-up" from the choices after this page
        // loaded. Its 422 shows at that field, nothing is booked, and the form stays filled in.
        const kindOnly = ALL_INTAKE_FIELDS.map((f) => (f.key === 'kind' ? { ...f, options: ['First visit'] } : f));
        await adminApi(stack, 'PATCH', `/v1/admin/services/${teamService}`, { intakeFields: kindOnly });
        await w.getByRole('button', { name: 'Confirm booking' }).click();
        await expect
          .poll(() =>
            w
              .locator('#sf-i-kind-err')
              .textContent()
              .catch(() => null),
          )
          .toMatch(/must be one of/);
        expect(await w.locator('.field .error').count()).toBe(1);
        expect(await bookingsOf(teamService)).toHaveLength(0);
        expect(await w.getByLabel('Reason for visit').inputValue()).toBe('Back pain');
        await adminApi(stack, 'PATCH', `/v1/admin/services/${teamService}`, { intakeFields: ALL_INTAKE_FIELDS });

        await w.getByRole('button', { name: 'Confirm booking' }).dblclick(); // a double click books once
        await w.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
        const manage = w.getByRole('link', { name: 'Manage your booking' });
        expect(await manage.getAttribute('href')).toMatch(new RegExp(`^${stack.baseUrl}/manage/[^/]+$`));
        const when = await w.locator('.sf-summary dd').nth(1).textContent();
        expect(when).toContain('10:30');
        expect(when).toContain('(Europe/Berlin)');
        expect(await w.getByRole('link', { name: 'Google' }).getAttribute('href')).toContain('calendar.google.com');
        expect(await w.getByRole('link', { name: '.ics file' }).getAttribute('href')).toMatch(/^data:text\/calendar/);

        // The iframe was resized to the widget's content (not the loader's 480 px default).
        const frame = page.locator('iframe[data-slotflow-widget]');
        const inner = await w.locator('html').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
        await expect.poll(() => frame.evaluate((el) => el.getBoundingClientRect().height)).toBe(inner);
        expect(inner).not.toBe(480);
        await screenshot(page, 'widget-6-confirmation');

        const bookings = await bookingsOf(teamService);
        expect(bookings).toHaveLength(1);
        const b = bookings[0]!;
        expect(b.status).toBe('confirmed');
        expect(b.providerId).toBe(ada);
        expect(Date.parse(b.start)).toBe(at(day, '10:30'));
        expect(b.customer).toEqual({ name: 'Ada Customer', email: 'ada@example.com', phone: '+49301234567', timeZone: ZONE });
        expect(b.intake).toEqual({
          reason: 'Back pain',
          notes: 'Allergic to latex\nPrefers mornings',
          kind: 'Follow-up',
          consent: true,
        });
      } finally {
        await host.close();
      }
    } finally {
      await ctx.close();
    }
  });

  it('loses a race for a slot: friendly message, refreshed times, answers kept; a retried network failure books once', { timeout: 120_000 }, async () => {
    // Phone width: the whole flow must work at 360 px.
    const ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 360, height: 740 } });
    await pinBrowserClock(ctx);
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.baseUrl}/book/${soloService}`);
      // One provider: straight to the calendar.
      await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
      const day = await pickSecondDayOfNextMonth(page);
      await page.getByRole('button', { name: '10:30', exact: true }).click();
      await page.getByLabel('Name').fill('Grace Customer');
      await page.getByLabel('E-mail', { exact: true }).fill('grace@example.com');
      await page.getByLabel('Reason for visit').fill('Annual check-up');

      // Someone else books 10:30 meanwhile.
      const rival = await fetch(`${stack.baseUrl}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          serviceId: soloService,
          start: new Date(at(day, '10:30')).toISOString(),
          timeZone: ZONE,
          customer: { name: 'Rival', email: 'rival@example.com' },
          intake: { reason: 'Faster' },
        }),
      });
      expect(rival.status).toBe(201);

      await page.getByRole('button', { name: 'Confirm booking' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Sorry, someone just booked 10:30 — here are the times still free.' });
      await alert.waitFor();
      await page.getByRole('button', { name: '11:00', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: '10:30', exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '10:00', exact: true }).count()).toBe(1);
      expect(await page.locator(`[data-date="${day}"]`).getAttribute('aria-pressed')).toBe('true'); // still on that day
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360); // no sideways scrolling
      await screenshot(page, 'widget-7-race-lost');

      // Another time: the answers are still there.
      await page.getByRole('button', { name: '11:00', exact: true }).click();
      expect(await page.getByLabel('Name').inputValue()).toBe('Grace Customer');
      expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('grace@example.com');
      expect(await page.getByLabel('Reason for visit').inputValue()).toBe('Annual check-up');
      expect(await page.getByRole('alert').count()).toBe(0);

      // The server books, but the answer is lost on the way: the page offers a retry, which must
      // reuse the Idempotency-Key and come back with the same booking.
      const keys: string[] = [];
      await page.route('**/v1/bookings', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) {
          await route.fetch(); // reaches the server …
          await route.abort('connectionreset'); // … the browser never sees the answer
        } else await route.continue();
      });
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('alert').filter({ hasText: 'could not be reached' }).waitFor();
      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
      await page.getByRole('link', { name: 'Manage your booking' }).waitFor();
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^web-[0-9a-f]{32}$/);
      expect(keys[1]).toBe(keys[0]);
      await screenshot(page, 'widget-8-confirmation-phone');

      const bookings = (await bookingsOf(soloService)).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
      expect(bookings.map((b) => [b.customer.name, Date.parse(b.start)])).toEqual([
        ['Rival', at(day, '10:30')],
        ['Grace Customer', at(day, '11:00')],
      ]);
      expect(bookings[1]!.intake).toEqual({ reason: 'Annual check-up' });
    } finally {
      await ctx.close();
    }
  });
});
