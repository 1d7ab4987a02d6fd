/**
 * Honest delivery (#20 item 1) in Chromium against the real stack (gateway + worker + PGlite + Temporal):
 *
 * - No transport configured (the default): the widget confirms without promising an e-mail, the admin
 *   shows the e-mail banner on every page, the outbox viewer renders the booking's confirmation (HTML in a
 *   sandboxed iframe, text, invitation), the delivery screen says "outbox only" and captures a test
 *   message, and the manage page's reschedule promises no e-mailed link.
 * - SMTP configured (a real local SMTP server): no banner, the widget promises the e-mail and it arrives,
 *   the delivery screen sends a test e-mail that arrives.
 *
 * "Now" is pinned (gateway clock and pinBrowserClock); the booked day is next month's (web-seed.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSmtpTransport } from '../../src/transports/smtp.transport.ts';
import type { MessagingOptions } from '../../src/use-cases/deliver-booking-message.ts';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startSmtpFake, type SmtpFake } from '../support/fakes/smtp.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, createProvider, createService, nextMonthDays, showNextMonth, signInAdmin, ZONE } from './web-seed.ts';

type Captured = { id: string; bookingId: string | null; kind: string; subject: string | null; bodyHtml: string | null; ics: string | null };

/** Books 10:30 on the second day of next month through /book/<service>; returns the confirmation's status line. */
async function bookThroughWidget(page: Page, stack: WebStack, serviceId: string, email: string): Promise<string> {
  await page.goto(`${stack.baseUrl}/book/${serviceId}`);
  await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
  await showNextMonth(page);
  await page.locator(`[data-date="${nextMonthDays().second}"]`).click();
  await page.getByRole('button', { name: '10:30', exact: true }).click();
  await page.getByLabel('Name').fill('Ada Customer');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  const status = page.locator('.sf-done [role="status"]');
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

describe.skipIf(skipBrowser())('delivery with nothing configured (the outbox)', () => {
  let stack: WebStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let service: string;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    await pinBrowserClock(ctx);
    service = await createService(stack, { name: 'Check-up', providerIds: [await createProvider(stack, 'Dr. Grace')] });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('the widget confirms without promising an e-mail; the admin warns and its outbox shows the confirmation', { timeout: 120_000 }, async () => {
    const page = await ctx.newPage();
    const status = await bookThroughWidget(page, stack, service, 'ada@example.com');
    expect(status).toBe('You are booked — your appointment is confirmed.');
    expect(await page.locator('.sf-no-email').textContent()).toBe('No e-mail will be sent: add it to your calendar and keep the link below.');
    expect(await page.locator('.sf-done').textContent()).not.toMatch(/inbox|e-mail you/i);
    await screenshot(page, 'delivery-1-widget-outbox');

    // The worker's confirmation lands in the outbox, captured.
    const { bookings } = await adminApi<{ bookings: { id: string }[] }>(stack, 'GET', `/v1/admin/bookings?serviceId=${service}`);
    expect(bookings).toHaveLength(1);
    const bookingId = bookings[0]!.id;
    await expect
      .poll(async () => (await adminApi<{ messages: Captured[] }>(stack, 'GET', '/v1/admin/outbox')).messages.map((m) => [m.bookingId, m.kind]), {
        timeout: 30_000,
      })
      .toEqual([[bookingId, 'confirmation']]);
    const { messages } = await adminApi<{ messages: { status: string; transport: string }[] }>(stack, 'GET', `/v1/admin/messages?bookingId=${bookingId}`);
    expect(messages.map((m) => [m.transport, m.status])).toEqual([['outbox', 'captured']]);

    await signInAdmin(page, stack, 'Delivery');
    const banner = page.getByRole('complementary', { name: 'Message delivery' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('E-mail is not configured: customers get no messages.');
    expect(await banner.textContent()).toContain('SMTP_URL');
    await screenshot(page, 'delivery-2-admin-banner');

    await banner.getByRole('link', { name: 'See what customers would get (outbox)' }).click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    const card = page.getByRole('article', { name: /Check-up/ });
    await card.waitFor();
    expect(await card.textContent()).toContain('to ada@example.com');
    // The HTML renders in a sandboxed iframe: no scripts, no same-origin.
    const iframe = card.locator('iframe');
    expect(await iframe.getAttribute('sandbox')).toBe('');
    await expect.poll(() => card.frameLocator('iframe').locator('body').textContent()).toContain('Check-up');
    expect(await card.frameLocator('iframe').locator('body').textContent()).toContain('Ada Customer');
    await card.getByText('Calendar invitation (invite.ics)').click();
    const ics = await card.locator('details pre').last().textContent();
    expect(ics).toMatch(/METHOD:REQUEST[\s\S]*SUMMARY:Check-up/);
    expect(await card.getByRole('link', { name: 'Download invite.ics' }).getAttribute('download')).toBe('invite.ics');
    await screenshot(page, 'delivery-3-outbox-viewer');

    // The booking's own messages say captured, not sent.
    await card.getByRole('link', { name: 'Booking', exact: true }).click();
    const row = page.locator('tr[data-message-kind="confirmation"]');
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('captured (not sent)');

    // The delivery screen: outbox only; a test message is captured, not sent.
    await page.getByRole('link', { name: 'Delivery', exact: true }).click();
    await page.getByRole('heading', { name: 'Delivery', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('email-transport').textContent()).toBe('off Outbox only: nothing is sent');
    await page.getByLabel('To', { exact: true }).fill('ops@example.com');
    await page.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByRole('status').filter({ hasText: 'Captured in the outbox (no e-mail transport): nothing was sent to ops@example.com.' }).waitFor();
    await expect.poll(() => page.locator('.dl-settings').textContent()).toContain('2 captured messages');
    await screenshot(page, 'delivery-4-settings-outbox');
    await page.close();
  });

  it('the manage page moves a booking without promising an e-mailed link', { timeout: 120_000 }, async () => {
    const { first } = nextMonthDays();
    const res = await fetch(`${stack.baseUrl}/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceId: service,
        start: new Date(Date.parse(`${first}T08:00:00Z`)).toISOString(), // 09:00 in Berlin (winter) or 10:00 (summer): a slot either way
        timeZone: ZONE,
        customer: { name: 'Lin', email: 'lin@example.com' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const b = (await res.json()) as { manageUrl: string; customerEmailed: boolean };
    expect(b.customerEmailed).toBe(false);
    const page = await ctx.newPage();
    await page.goto(b.manageUrl);
    await page.getByRole('button', { name: 'Reschedule' }).click();
    await showNextMonth(page);
    await page.locator(`[data-date="${nextMonthDays().second}"]`).click();
    await page.getByRole('button', { name: '14:00', exact: true }).click();
    await page.getByRole('button', { name: 'Move booking' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Your booking was moved' });
    await notice.waitFor();
    expect(await notice.textContent()).toBe('Your booking was moved. No e-mail will be sent: bookmark this page, its link keeps working.');
    await screenshot(page, 'delivery-5-manage-moved-outbox');
    await page.close();
  });
});

describe.skipIf(skipBrowser())('delivery with SMTP configured', () => {
  let stack: WebStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let smtp: SmtpFake;
  let messaging: MessagingOptions;
  let service: string;

  beforeAll(async () => {
    smtp = await startSmtpFake();
    messaging = { transports: { email: createSmtpTransport({ url: smtp.url }) }, emailFrom: 'Clinic <hello@clinic.example>', businessName: 'Clinic' };
    stack = await startWebStack({ messaging });
    browser = await launchBrowser();
    ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    await pinBrowserClock(ctx);
    service = await createService(stack, { name: 'Check-up', providerIds: [await createProvider(stack, 'Dr. Grace')] });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
    await messaging?.transports.email?.close?.();
    await smtp?.close();
  });

  it('the widget promises the e-mail and it arrives; no banner; the test e-mail goes out', { timeout: 120_000 }, async () => {
    const page = await ctx.newPage();
    const status = await bookThroughWidget(page, stack, service, 'grace@example.com');
    expect(status).toBe('You are booked. A confirmation is on its way to your inbox.');
    expect(await page.locator('.sf-no-email').count()).toBe(0);
    await screenshot(page, 'delivery-6-widget-smtp');
    await expect.poll(() => smtp.messages.filter((m) => m.envelope.to.includes('grace@example.com')).length, { timeout: 30_000 }).toBe(1);

    await signInAdmin(page, stack, 'Delivery');
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(await page.getByRole('complementary', { name: 'Message delivery' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Delivery', exact: true }).click();
    await expect.poll(() => page.getByTestId('email-transport').textContent()).toBe('active SMTP (SMTP_URL)');
    expect(await page.getByRole('complementary', { name: 'Message delivery' }).count()).toBe(0);
    await page.getByLabel('To', { exact: true }).fill('ops@clinic.example');
    await page.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent to ops@clinic.example through smtp.' }).waitFor();
    expect(smtp.messages.filter((m) => m.envelope.to.includes('ops@clinic.example')).map((m) => m.parsed.subject)).toEqual(['Clinic: test message']);
    await screenshot(page, 'delivery-7-settings-smtp');

    await page.getByRole('link', { name: 'Outbox', exact: true }).click();
    await page.getByText('No captured messages.').waitFor();
    await page.close();
  });
});
