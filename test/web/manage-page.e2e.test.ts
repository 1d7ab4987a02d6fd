/**
 * The customer's manage page in Chromium against the real stack: reschedule with the widget's time
 * picker (the page moves to the new link, the old one shows the superseded state, reload works),
 * cancel with a reason, the notice-window explanation, and dead links.
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

  it('reschedules through the page (old link superseded, reload works) and cancels with a reason', { timeout: 120_000 }, async () => {
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
    // The page now lives at the booking's new link: a reload shows the moved booking, not "out of date".
    const newUrl = page.url();
    expect(newUrl).not.toBe(oldUrl);
    expect(newUrl).toMatch(new RegExp(`^${stack.baseUrl}/manage/`));
    const admin = await adminApi<{ start: string; status: string; version: number; cancelReason: string | null }>(stack, 'GET', `/v1/admin/bookings/${id}`);
    expect(Date.parse(admin.start)).toBe(at(second, '14:00'));
    await page.reload();
    await expect.poll(() => summary.textContent().catch(() => '')).toContain('14:00 – 14:30');
    await screenshot(page, 'manage-3-rescheduled');

    // The link from the first e-mail is out of date now.
    const old = await ctx.newPage();
    await old.goto(oldUrl);
    await old.getByRole('heading', { name: 'This link is out of date' }).waitFor();
    expect(await old.getByRole('alert').textContent()).toContain('use the newest link from your e-mail');
    expect(await old.getByRole('button').count()).toBe(0);
    await screenshot(old, 'manage-4-superseded');
    await old.close();

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
    await screenshot(page, 'manage-5-cancelled');
    const cancelled = await adminApi<{ status: string; cancelReason: string | null }>(stack, 'GET', `/v1/admin/bookings/${id}`);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelReason).toBe('Feeling better');
    // The cancel moved the page to the newest link as well: a reload shows the cancelled booking.
    await page.reload();
    await page.getByText('This booking is cancelled').waitFor();
    await page.close();
  });

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

  it('says so plainly for a tampered link', async () => {
    const page = await ctx.newPage();
    await page.goto(`${stack.baseUrl}/manage/not-a-real-token.abcdefghijklmnop`);
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    await page.close();
  });
});
