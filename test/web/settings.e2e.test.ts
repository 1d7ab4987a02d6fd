/**
 * Settings and branding (#20 item 3) in Chromium against the real stack (gateway + worker + PGlite +
 * Temporal): the admin sets the business name, accent colour and phone on the Settings screen (a bad phone
 * is the server's 422 at its field; the preview shows the colour before saving) and gives a service a video
 * link; the widget shows the name, the colour and the location; the manage page shows the video link and the
 * business's contact; the confirmation captured in the outbox carries the LOCATION and the contact. Every
 * page has the favicon. "Now" is pinned (gateway clock and pinBrowserClock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, createProvider, createService, nextMonthDays, showNextMonth, signInAdmin, ZONE } from './web-seed.ts';

type Captured = { bookingId: string | null; kind: string; bodyHtml: string | null; ics: string | null };
const TEAL = 'rgb(15, 118, 110)';
const VIDEO = 'https://meet.example/praxis-7';
/** A small logo (a teal circle with a white cross), uploaded as an SVG file. */
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><circle cx="20" cy="20" r="19" fill="#0f766e"/>' +
    '<path d="M20 10v20M10 20h20" stroke="#fff" stroke-width="6"/></svg>',
);

type PageWindow = { getComputedStyle(el: unknown): { backgroundColor: string; getPropertyValue(name: string): string } };
/** The element's computed background colour (evaluated in the page; this file has no DOM types). */
const background = (l: Locator) => l.evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).backgroundColor);
/** The page's `--accent` as computed on <html>. */
const accentOf = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as PageWindow & { document: { documentElement: unknown } };
    return w.getComputedStyle(w.document.documentElement).getPropertyValue('--accent').trim();
  });

describe.skipIf(skipBrowser())('settings and branding', () => {
  let stack: WebStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let service: string;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    await pinBrowserClock(ctx);
    service = await createService(stack, { name: 'Consultation', providerIds: [await createProvider(stack, 'Dr. Weber')] });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('the admin brands the pages and locates a service; widget, manage page and messages show it', { timeout: 180_000 }, async () => {
    const page = await ctx.newPage();
    await signInAdmin(page, stack, 'Settings');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');

    // Settings: a phone the server refuses shows at its field; the preview follows the colour as typed.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByLabel('Business name').fill('Praxis Weber');
    await page.getByLabel('Phone').fill('call me');
    await page.locator('#set-accent').fill('#0f766e');
    await page.getByLabel('Upload an image').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO });
    await expect.poll(() => page.getByTestId('accent-preview').locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const previewButton = page.getByTestId('accent-preview').getByRole('button');
    await expect.poll(() => background(previewButton)).toBe(TEAL);
    expect(await page.getByTestId('accent-preview').textContent()).toContain('Praxis Weber');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#set-phone-error').waitFor();
    expect(await page.locator('#set-phone-error').textContent()).toContain('phone number');
    expect(await page.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'settings-1-phone-422');
    await page.getByLabel('Phone').fill('+49 30 1234567');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect(await page.getByLabel('Business name').inputValue()).toBe('Praxis Weber');
    await screenshot(page, 'settings-2-saved');
    const saved = await adminApi<Record<string, unknown>>(stack, 'GET', '/v1/admin/settings');
    expect(saved).toMatchObject({ businessName: 'Praxis Weber', phone: '+49 30 1234567', accentColor: '#0f766e' });
    expect(saved.logoUrl).toBe(`data:image/svg+xml;base64,${LOGO.toString('base64')}`);

    // The service's video link, in the service editor.
    await page.goto(`${stack.baseUrl}/admin/services/${service}`);
    await page.getByRole('heading', { name: 'Edit Consultation' }).waitFor();
    await page.getByLabel('Takes place').selectOption('video');
    await page.getByLabel('Video link').fill('http://meet.example/praxis-7');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('#svc-location-value-error').textContent()).toBe('enter an https:// link');
    await page.getByLabel('Video link').fill(VIDEO);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(async () => (await adminApi<{ location: unknown }>(stack, 'GET', `/v1/admin/services/${service}`)).location)
      .toEqual({
        kind: 'video',
        value: VIDEO,
      });
    await screenshot(page, 'settings-3-service-location');

    // The widget: the name, the colour, the location; book a time.
    await page.goto(`${stack.baseUrl}/book/${service}`);
    await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
    await expect.poll(() => page.getByTestId('brand-header').textContent()).toBe('Praxis Weber');
    expect(await page.getByTestId('brand-header').locator('img').getAttribute('src')).toBe(saved.logoUrl);
    expect(await accentOf(page)).toBe('#0f766e');
    expect(await page.getByTestId('service-location').textContent()).toContain('Video call');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    await showNextMonth(page);
    await page.locator(`[data-date="${nextMonthDays().second}"]`).click();
    await page.getByRole('button', { name: '10:30', exact: true }).click();
    await expect.poll(() => background(page.getByRole('button', { name: 'Confirm booking' }))).toBe(TEAL);
    await page.getByLabel('Name').fill('Ada Customer');
    await page.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
    await screenshot(page, 'settings-4-widget');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.locator('.sf-done [role="status"]').waitFor();
    const manageUrl = await page.getByRole('link', { name: 'Manage your booking' }).getAttribute('href');

    // The manage page: the video link and the business's contact.
    await page.goto(manageUrl!);
    await page.getByRole('heading', { name: 'Your booking' }).waitFor();
    await page.getByTestId('location').waitFor();
    expect(await page.getByTestId('location').getByRole('link').getAttribute('href')).toBe(VIDEO);
    await expect.poll(() => page.getByTestId('contact').textContent()).toBe('Questions? Contact Praxis Weber · +49 30 1234567');
    expect(await page.getByTestId('brand-header').textContent()).toBe('Praxis Weber');
    await screenshot(page, 'settings-5-manage');

    // The confirmation the worker rendered (captured in the outbox): LOCATION, name and contact.
    const { bookings } = await adminApi<{ bookings: { id: string }[] }>(stack, 'GET', `/v1/admin/bookings?serviceId=${service}`);
    const bookingId = bookings[0]!.id;
    let confirmation: Captured | undefined;
    await expect
      .poll(
        async () => {
          confirmation = (await adminApi<{ messages: Captured[] }>(stack, 'GET', '/v1/admin/outbox')).messages.find(
            (m) => m.bookingId === bookingId && m.kind === 'confirmation',
          );
          return Boolean(confirmation);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(confirmation!.ics).toContain(`LOCATION:${VIDEO}`);
    expect(confirmation!.bodyHtml).toContain('Your booking with Praxis Weber is confirmed.');
    expect(confirmation!.bodyHtml).toContain('+49 30 1234567');
    expect(confirmation!.bodyHtml).toContain(VIDEO);

    const favicon = await fetch(`${stack.baseUrl}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await favicon.text()).toMatch(/^<svg /);
    await page.close();
  });
});
