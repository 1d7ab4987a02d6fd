/**
 * The customer's manage page in Chromium against the real stack: reschedule with the widget's time
 * picker (every link keeps working: the first e-mail's link shows the new time, #20), a second window
 * still showing the old time cannot act on it (409 → the page shows how the booking stands now), cancel
 * with a reason and "Book again", the notice-window explanation, and dead links offering "e-mail me my link".
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock and Chromium's (pinBrowserClock on the
 * context) answer TEST_NOW, so the page's open/closed actions and the server's agree; the days booked are
 * next month's at TEST_NOW in Berlin (web-seed.ts), in the real future at every instant the sweep pins.
 * Except the notice-window test: the workflow enforces the window on Temporal's real clock, so that test
 * runs on the real time (see there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { adminApi, at, createProvider, createService, nextMonthDays, showNextMonth, ZONE } from './web-seed.ts';

describe.skipIf(skipBrowser())('manage page', () => {
  let stack: WebStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let provider: string;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 800, height: 800 } });
    await pinBrowserClock(ctx);
    provider = await createProvider(stack, 'Dr. Ada');
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  async function book(serviceId: string, date: string, hhmm: string): Promise<{ id: string; manageUrl: string }> {
    const res = await fetch(`${stack.baseUrl}/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceId,
        start: new Date(at(date, hhmm)).toISOString(),
        timeZone: ZONE,
        customer: { name: 'Ada Customer', email: 'ada@example.com' },
      }),
    });
    expect(res.status).toBe(201);
    const b = (await res.json()) as { id: string; manageUrl: string };
    expect(b.manageUrl).toMatch(new RegExp(`^${stack.baseUrl}/manage/`));
    return b;
  }

  it(
    'reschedules through the page (every link shows the new time), a stale window gets the current state, cancels, books again',
    { timeout: 120_000 },
    async () => {
      const service = await createService(stack, { name: 'Consultation', providerIds: [provider] });
      const { first, second } = nextMonthDays();
      const { id, manageUrl: oldUrl } = await book(service, first, '10:00');

      const page = await ctx.newPage();
      await page.goto(oldUrl);
      await page.getByRole('heading', { name: 'Your booking' }).waitFor();
      const summary = page.locator('.mg-summary');
      await expect.poll(() => summary.textContent()).toContain('Consultation with Dr. Ada');
      expect(await summary.textContent()).toContain('10:00 – 10:30 (Europe/Berlin)');
      expect(await page.locator('.badge').textContent()).toBe('confirmed');
      await screenshot(page, 'manage-1-booking');
      // A second window on the same link (say, the calendar entry's), loaded before the move.
      const stale = await ctx.newPage();
      await stale.goto(oldUrl);
      await expect.poll(() => stale.locator('.mg-summary').textContent()).toContain('10:00 – 10:30');

      await page.getByRole('button', { name: 'Reschedule' }).click();
      await page.getByRole('heading', { name: 'Choose a new time' }).waitFor();
      // The widget's picker, for the booking's service and provider, in the booking's zone.
      expect(await page.getByLabel('Time zone').inputValue()).toBe(ZONE);
      await showNextMonth(page); // "Next month", unless late on a month's last day the picker went there itself
      await expect.poll(() => page.locator(`[data-date="${first}"]`).getAttribute('aria-pressed')).toBe('true');
      // Its current 10:00 is no move, so not offered; the half hour after it (overlapping itself) is.
      await page.getByRole('button', { name: '10:30', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: '10:00', exact: true }).count()).toBe(0);
      await page.locator(`[data-date="${second}"]`).click();
      await page.getByRole('button', { name: '14:00', exact: true }).click();
      await page.getByText('Move your appointment to').waitFor();
      await screenshot(page, 'manage-2-reschedule');
      await page.getByRole('button', { name: 'Move booking' }).click();

      await page.getByRole('status').filter({ hasText: 'Your booking was moved' }).waitFor();
      expect(await summary.textContent()).toContain('14:00 – 14:30 (Europe/Berlin)');
      // The page keeps its link: it names the booking, so a reload shows the moved booking.
      expect(page.url()).toBe(oldUrl);
      const admin = await adminApi<{ start: string; status: string; version: number; cancelReason: string | null }>(stack, 'GET', `/v1/admin/bookings/${id}`);
      expect(Date.parse(admin.start)).toBe(at(second, '14:00'));
      await page.reload();
      await expect.poll(() => summary.textContent().catch(() => '')).toContain('14:00 – 14:30');
      await screenshot(page, 'manage-3-rescheduled');

      // The link from the first e-mail (and the calendar entry) opens the booking at its new time.
      const old = await ctx.newPage();
      await old.goto(oldUrl);
      await old.getByRole('heading', { name: 'Your booking' }).waitFor();
      await expect.poll(() => old.locator('.mg-summary').textContent()).toContain('14:00 – 14:30 (Europe/Berlin)');
      expect(await old.getByRole('button', { name: 'Reschedule' }).count()).toBe(1);
      await screenshot(old, 'manage-4-old-link-new-time');
      await old.close();

      // The window still showing 10:00 tries to cancel: refused, and it now shows the booking as it is.
      await stale.getByRole('button', { name: 'Cancel booking' }).click();
      await stale.getByRole('button', { name: 'Yes, cancel booking' }).click();
      const changed = stale.getByRole('alert').filter({ hasText: 'This booking changed since this page was loaded' });
      await changed.waitFor();
      expect(await stale.locator('.mg-summary').textContent()).toContain('14:00 – 14:30 (Europe/Berlin)');
      expect(await stale.locator('.badge').textContent()).toBe('confirmed');
      expect(await stale.getByRole('button', { name: 'Cancel booking' }).count()).toBe(1);
      await screenshot(stale, 'manage-5-stale-window-changed');
      expect((await adminApi<{ status: string }>(stack, 'GET', `/v1/admin/bookings/${id}`)).status).toBe('confirmed');
      await stale.close();

      // Cancel, with a reason, after a confirm step that can be backed out of.
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await page.getByRole('button', { name: 'Keep booking' }).click();
      expect((await adminApi<{ status: string }>(stack, 'GET', `/v1/admin/bookings/${id}`)).status).toBe('confirmed');
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await page.getByLabel('Reason').fill('Feeling better');
      await page.getByRole('button', { name: 'Yes, cancel booking' }).click();
      await page.getByText('This booking is cancelled').waitFor();
      expect(await page.locator('.badge').textContent()).toBe('cancelled');
      expect(await page.getByRole('button', { name: 'Reschedule' }).count()).toBe(0);
      const again = page.getByRole('link', { name: 'Book again' });
      expect(await again.getAttribute('href')).toBe(`/book/${service}?tz=Europe%2FBerlin`);
      await screenshot(page, 'manage-6-cancelled-book-again');
      const cancelled = await adminApi<{ status: string; cancelReason: string | null }>(stack, 'GET', `/v1/admin/bookings/${id}`);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancelReason).toBe('Feeling better');
      await page.reload();
      await page.getByText('This booking is cancelled').waitFor();
      // "Book again" opens the booking page of the same service.
      await page.getByRole('link', { name: 'Book again' }).click();
      await page.waitForURL(`${stack.baseUrl}/book/${service}?tz=Europe%2FBerlin`);
      await page.getByRole('heading', { name: 'Book an appointment', level: 1 }).waitFor();
      await page.getByText('Consultation').first().waitFor();
      await screenshot(page, 'manage-7-book-again');
      await page.close();
    },
  );

  it('explains the notice window instead of offering a closed action, as the server enforces it', { timeout: 60_000 }, async () => {
    // Real time here, not TEST_NOW: the server enforces the notice window in the booking's workflow, on
    // Temporal's clock, which cannot be pinned, and the longest notice a service can ask (a year) is less
    // than the sweep's instants may lie ahead of the real now. So the gateway answers the real time, the
    // page's clock is pinned to the real now, and the booking is next month at the real now in Berlin:
    // safe at any instant, as that is in the future, within the 60-day horizon and less than a year ahead.
    const realNow = Date.now();
    stack.clock.useRealTime();
    const realCtx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 800, height: 800 } });
    await pinBrowserClock(realCtx, realNow);
    try {
      // A year's cancel notice: cancelling online is always closed; rescheduling (no notice) stays open.
      const service = await createService(stack, { name: 'Surgery', providerIds: [provider], cancelNoticeMinutes: 525_600 });
      const { second } = nextMonthDays(realNow);
      const { manageUrl } = await book(service, second, '09:00');

      const page = await realCtx.newPage();
      await page.goto(manageUrl);
      await page.getByRole('heading', { name: 'Your booking' }).waitFor();
      const policy = page.locator('.mg-policy');
      await policy.waitFor();
      expect(await policy.textContent()).toMatch(/^Cancelling online was possible until .+\(Europe\/Berlin\): this service needs that much notice/);
      expect(await page.getByRole('button', { name: 'Cancel booking' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Reschedule' }).count()).toBe(1);
      await screenshot(page, 'manage-6-policy-window');

      // The page's judgement matches the server's.
      const token = new URL(manageUrl).pathname.split('/').pop()!;
      const res = await fetch(`${stack.baseUrl}/v1/manage/${token}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('policy_window');
      await page.close();
    } finally {
      await realCtx.close();
      stack.clock.pin(); // back to TEST_NOW for the tests after this one
    }
  });

  it('says so plainly for a tampered link and offers to e-mail the customer their link', { timeout: 60_000 }, async () => {
    const page = await ctx.newPage();
    await page.goto(`${stack.baseUrl}/manage/not-a-real-token.abcdefghijklmnop`);
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    await page.getByRole('heading', { name: 'E-mail me my link' }).waitFor();
    const send = page.getByRole('button', { name: 'E-mail me my link' });
    expect(await send.isDisabled()).toBe(true);
    await page.getByLabel('E-mail address').fill('not an address');
    await send.click();
    await page.getByRole('alert').filter({ hasText: 'Please enter a valid e-mail address.' }).waitFor();
    await screenshot(page, 'manage-8-invalid-link-email-form');
    const asked = page.waitForRequest((r) => r.url().endsWith('/v1/manage-links') && r.method() === 'POST');
    await page.getByLabel('E-mail address').fill('ada@example.com');
    await send.click();
    expect((await asked).postDataJSON()).toEqual({ email: 'ada@example.com' });
    await page.getByRole('status').filter({ hasText: 'has an upcoming booking with us, we have sent its link there' }).waitFor();
    expect(await page.getByRole('button', { name: 'E-mail me my link' }).count()).toBe(0);
    await screenshot(page, 'manage-9-link-sent');
    await page.close();
  });
});
