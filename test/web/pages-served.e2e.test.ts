/**
 * The gateway serves the built pages: right documents at the page paths, hashed assets, the embed
 * loader, framing allowed only for the widget, and a real Chromium renders the admin sign-in.
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock and Chromium's (pinBrowserClock on each
 * page) answer TEST_NOW. Nothing here expects anything of the date; the pages only must not see another one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock } from '../support/clock.ts';

describe('web pages served by the gateway', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers each page path with its HTML and the right framing policy', async () => {
    for (const [path, frameable] of [
      ['/book', true],
      ['/book/8c1b5f2e-0000-4000-8000-000000000000', true],
      ['/manage/abc.def', false],
      ['/admin', false],
      ['/admin/bookings/123', false],
    ] as const) {
      const res = await fetch(stack.baseUrl + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain(frameable ? 'frame-ancestors *' : "frame-ancestors 'none'");
      const html = await res.text();
      const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      expect(asset, path).toBeDefined();
      const js = await fetch(stack.baseUrl + asset);
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toContain('immutable');
    }
  });

  it('serves the embed loader to any origin and 404s unknown assets as problem+json', async () => {
    const embed = await fetch(`${stack.baseUrl}/embed.js`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-type')).toMatch(/javascript/);
    expect(embed.headers.get('access-control-allow-origin')).toBe('*');
    expect(await embed.text()).toContain('slotflow:resize');
    const missing = await fetch(`${stack.baseUrl}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it.skipIf(skipBrowser())('renders the admin sign-in in Chromium and refuses a wrong key', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      await pinBrowserClock(page);
      await page.goto(`${stack.baseUrl}/admin`);
      await page.getByLabel('Admin API key').fill('not-the-key-0123456789abcdef');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
      await page.getByLabel('Admin API key').fill(stack.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
      await screenshot(page, 'admin-signed-in');
    } finally {
      await browser?.close();
    }
  });

  it.skipIf(skipBrowser())('lets a page on another origin use the public API (what the BookingWidget component does there), not the admin API', async () => {
    const { startHostPage } = await import('./web-seed.ts');
    const host = await startHostPage('<!doctype html><html><body><h1>Salon</h1></body></html>');
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      await pinBrowserClock(page);
      await page.goto(host.url);
      const result = await page.evaluate(async (base) => {
        const services = await fetch(`${base}/v1/services`).then((r) => r.status);
        // A JSON POST with an Idempotency-Key: preflighted; the 422 problem is readable cross-origin.
        const booking = await fetch(`${base}/v1/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'cors-1' },
          body: JSON.stringify({}),
        }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code: string }).code }));
        const admin = await fetch(`${base}/v1/admin/services`).then(
          (r) => `answered ${r.status}`,
          () => 'blocked',
        );
        return { services, booking, admin };
      }, stack.baseUrl);
      expect(result).toEqual({ services: 200, booking: { status: 422, code: 'invalid_request' }, admin: 'blocked' });
    } finally {
      await browser?.close();
      await host.close();
    }
  });
});
