/**
 * A service's booking link and embed code in the admin (#20 item 4), in Chromium against the real stack:
 * the saved service's page shows both with copy buttons; "Copy" puts exactly the shown text on the clipboard;
 * the link opens the widget on that service, and the embed code, pasted into another page, loads the widget
 * in an iframe. A new (unsaved) service has no link yet.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { createProvider, createService, ZONE } from './web-seed.ts';

describe.skipIf(skipBrowser())('admin: share and embed a service', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let service: string;
  let host: http.Server;
  let hostUrl = '';

  beforeAll(async () => {
    stack = await startWebStack();
    const provider = await createProvider(stack, 'Dr. Ada');
    service = await createService(stack, { name: 'Massage', durationMinutes: 60, providerIds: [provider] });
    browser = await launchBrowser();
    context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await pinBrowserClock(context);
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((r) => (host ? host.close(r) : r(undefined)));
    await stack?.close();
  });

  it('shows the booking link and the embed code with copy buttons; both work', { timeout: 90_000 }, async () => {
    await page.goto(`${stack.baseUrl}/admin/services/${service}`);
    await page.getByRole('heading', { name: 'Edit Massage' }).waitFor();
    const share = page.getByRole('group', { name: 'Share and embed' });
    const link = `${stack.baseUrl}/book/${service}`;
    const snippet = `<script src="${stack.baseUrl}/embed.js" data-service="${service}" async></script>`;
    expect(await share.getByLabel('Booking link').inputValue()).toBe(link);
    expect(await share.getByLabel('Embed code (paste into your website)').inputValue()).toBe(snippet);
    await share.getByRole('button', { name: 'Copy' }).first().click();
    await share.getByRole('status').filter({ hasText: 'Copied.' }).first().waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(link);
    await share.getByRole('button', { name: 'Copy' }).nth(1).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(snippet);
    await screenshot(page, 'admin-share-service');

    // The link opens the widget on this service.
    const widget = await context.newPage();
    await widget.goto(link);
    await widget.getByText('Massage · 60 min').first().waitFor();
    await widget.close();

    // The embed code, pasted into a page on another origin, loads the widget in an iframe.
    host = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><body><h1>Clinic site</h1>${snippet}</body></html>`);
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    hostUrl = `http://127.0.0.1:${(host.address() as { port: number }).port}/`;
    const site = await context.newPage();
    await site.goto(hostUrl);
    const frame = site.frameLocator('iframe[data-slotflow-widget]');
    await frame.getByText('Massage · 60 min').first().waitFor();
    await site.close();
  });

  it('a new service has nothing to share until it is saved', async () => {
    await page.goto(`${stack.baseUrl}/admin/services/new`);
    await page.getByRole('heading', { name: 'New service' }).waitFor();
    expect(await page.getByRole('group', { name: 'Share and embed' }).count()).toBe(0);
  });
});
