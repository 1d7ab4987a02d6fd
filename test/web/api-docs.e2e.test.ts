/**
 * #20 item 7: /docs in Chromium — Swagger UI from this gateway (no request leaves it) shows POST /v1/bookings
 * with its request body example, its 409 slot_unavailable and the Idempotency-Key header, and offers
 * "Try it out"; nothing is refused by the page's CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import path from 'node:path';
import { launchBrowser, screenshot, SCREENSHOT_DIR, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';

describe.skipIf(skipBrowser())('the API reference at /docs', () => {
  let stack: WebStack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startWebStack({ web: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('renders POST /v1/bookings with its request body, Idempotency-Key, 409 slot_unavailable and Try it out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(stack.baseUrl) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await page.goto(`${stack.baseUrl}/docs`);
    const op = page.locator('#operations-public-post_v1_bookings');
    await op.locator('.opblock-summary').first().click();
    const body = op.locator('.opblock-section-request-body');
    await expect.poll(async () => body.textContent()).toContain('2026-12-08T10:00:00+01:00');
    await expect.poll(async () => op.locator('.parameters').textContent()).toContain('Idempotency-Key');
    const conflict = op.locator('tr.response[data-code="409"]');
    await expect.poll(async () => conflict.textContent()).toContain('slot_unavailable');
    expect(await op.locator('tr.response[data-code="422"]').textContent()).toContain('not_a_slot');
    expect(await op.locator('button.try-out__btn').count()).toBe(1);
    await screenshot(page, 'api-docs-post-bookings');
    // The parts looked at, at a readable size: the request body and the 409.
    await body.screenshot({ path: path.join(SCREENSHOT_DIR, 'api-docs-post-bookings-body.png') });
    await conflict.screenshot({ path: path.join(SCREENSHOT_DIR, 'api-docs-post-bookings-409.png') });
    expect(problems, 'console errors (CSP refusals among them)').toEqual([]);
    expect(elsewhere, 'requests to other hosts (a CDN)').toEqual([]);
  });
});
