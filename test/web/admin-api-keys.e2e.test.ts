/**
 * The admin's API keys screen in Chromium against the real stack: an agent key is issued, shown once,
 * works at /mcp, is listed by its prefix only, and once revoked from the screen stops working at once.
 * No clock dependence: nothing here is about dates (the browser's clock is pinned all the same).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';

describe.skipIf(skipBrowser())('admin API keys screen', () => {
  let stack: WebStack;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await pinBrowserClock(page);
    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const mcpStatus = async (key: string) =>
    (
      await fetch(`${stack.baseUrl}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
        }),
      })
    ).status;

  it('issues an agent key once, lists it by prefix, and revokes it at once', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('Phone agent');
    await page.getByLabel('Scope').selectOption('agent');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('issued-key').textContent())!.trim();
    expect(key).toMatch(/^sfk_[A-Za-z0-9_-]{32}$/);
    expect(await mcpStatus(key)).toBe(200);

    const row = page.getByRole('row').filter({ hasText: 'Phone agent' });
    await expect.poll(() => row.textContent()).toContain(`${key.slice(0, 10)}…`);
    expect(await row.textContent()).not.toContain(key);
    // After a reload the key is gone from the page; only the prefix stays.
    await page.reload();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Phone agent' }).waitFor();
    expect(await page.content()).not.toContain(key);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke Phone agent' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Phone agent' })
      .getByText(/^revoked/)
      .waitFor();
    expect(await mcpStatus(key)).toBe(401);
  });
});
