/**
 * The admin's Calendars screen (#20 item 4) in Chromium against the real stack (gateway + worker + PGlite +
 * Temporal) and a real Radicale CalDAV server:
 * - reachable from a provider's page; a wrong password is refused at the password field, the password is
 *   never shown back;
 * - connecting shows the connection healthy with its last sync; "Sync now" reports what it read; once the
 *   server refuses the stored password "Sync now" reports the failure and the connection turns unhealthy
 *   with its error;
 * - "Disconnect" asks first and removes it;
 * - "Connect Google" (client configured) opens the consent page in a new tab; "Connect Microsoft 365" (not
 *   configured) shows the server's sentence instead.
 * The browser's clock is pinned; the sync runs on the real clock, so events are put 3 days after the real now
 * (inside the sync window at any instant). Screenshots at desktop and 390 px phone width.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startRadicale, type RunningRadicale } from '../support/radicale.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, createProvider, signInAdmin, ZONE } from './web-seed.ts';

const CONSENT_PAGE = 'https://consent.example.test/auth';

describe.skipIf(skipBrowser())('admin: calendar connections', () => {
  let stack: WebStack;
  let radicale: RunningRadicale;
  let browser: Browser;
  let ctx: BrowserContext;
  let provider: string;
  const basic = () => ({ authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}` });
  const putEvent = async (calendarUrl: string, uid: string, startMs: number) => {
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    const body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z']
      .concat([`DTSTART:${stamp(startMs)}`, `DTEND:${stamp(startMs + 3_600_000)}`, 'SUMMARY:Elsewhere', 'END:VEVENT', 'END:VCALENDAR', ''])
      .join('\r\n');
    const res = await fetch(new URL(`${uid}.ics`, calendarUrl), { method: 'PUT', headers: { ...basic(), 'content-type': 'text/calendar' }, body });
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    radicale = await startRadicale();
    stack = await startWebStack({
      calendar: {
        sealKey: randomBytes(32),
        allowPrivateNetworks: true,
        syncIntervalSeconds: 300,
        google: { clientId: 'slotflow-test-client', clientSecret: 'secret', authUrl: CONSENT_PAGE },
      },
    });
    browser = await launchBrowser();
    ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1100, height: 900 } });
    await pinBrowserClock(ctx);
    // Google's consent page, stood in for: whatever the new tab opens there.
    await ctx.route(`${CONSENT_PAGE}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Consent</title><h1>Google consent</h1>' }));
    provider = await createProvider(stack, 'Dr. Weber');
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
    await radicale?.stop();
  });

  it('connects a CalDAV calendar, shows its health, syncs now, turns unhealthy when unreadable, disconnects', { timeout: 180_000 }, async () => {
    const calendarUrl = new URL('practice/', radicale.homeUrl).toString();
    expect((await fetch(calendarUrl, { method: 'MKCALENDAR', headers: basic() })).status).toBe(201);
    const inThreeDays = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3 * 86_400_000;
    await putEvent(calendarUrl, 'dentist', inThreeDays);

    const page = await ctx.newPage();
    await signInAdmin(page, stack, 'Calendars');
    // From the provider's page.
    await page.goto(`${stack.baseUrl}/admin/providers/${provider}`);
    await page.getByRole('link', { name: 'Calendar connections of Dr. Weber' }).click();
    await page.getByRole('heading', { name: 'Calendars', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe(`?provider=${provider}`);
    const card = page.getByRole('region', { name: 'Dr. Weber' });
    await card.getByText('No calendar connected.').waitFor();
    expect(await page.getByLabel('Provider', { exact: true }).inputValue()).toBe(provider);

    // A wrong password: refused at the field, with the server's sentence.
    await page.getByLabel('Server or calendar URL').fill(radicale.url);
    await page.getByLabel('Username').fill(radicale.username);
    await page.getByLabel('Password (or app password)').fill('wrong-password');
    await page.getByRole('button', { name: 'Connect CalDAV' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Not connected' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe('Not connected: The calendar server refused these credentials.');
    expect(await page.getByLabel('Password (or app password)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#cal-password-error').textContent()).toBeTruthy();
    await screenshot(page, 'admin-calendars-1-refused');

    // The right one: connected, synced, healthy.
    await page.getByLabel('Password (or app password)').fill(radicale.password);
    await page.getByRole('button', { name: 'Connect CalDAV' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Password (or app password)').inputValue()).toBe('');
    const row = card.locator('tr[data-connection]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('healthy');
    expect(await row.locator('.badge').textContent()).toBe('healthy');
    expect(await row.locator('td[data-label="Calendar"]').textContent()).toContain('CalDAV');
    expect(await row.locator('td[data-label="Calendar"]').textContent()).toContain('/slotflow/practice/');
    expect(await row.locator('td[data-label="Last sync"]').textContent()).not.toBe('never');
    expect(await page.content()).not.toContain(radicale.password);

    // Sync now reads a new event.
    await putEvent(calendarUrl, 'lunch', inThreeDays + 3 * 3_600_000);
    await row.getByRole('button', { name: 'Sync now' }).click();
    const synced = row.getByRole('status');
    await synced.waitFor({ timeout: 60_000 });
    expect(await synced.textContent()).toMatch(/^Synced: 2 busy times in the calendar; /);
    const busy = await adminApi<{ busy: { externalId: string }[] }>(
      stack,
      'GET',
      `/v1/admin/providers/${provider}/busy?from=${new Date(inThreeDays - 86_400_000).toISOString()}&to=${new Date(inThreeDays + 86_400_000).toISOString()}`,
    );
    expect(busy.busy.map((b) => b.externalId).sort()).toEqual(['dentist', 'lunch']);
    await screenshot(page, 'admin-calendars-2-healthy');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'admin-calendars-2-healthy-phone');
    await page.setViewportSize({ width: 1100, height: 900 });

    // The password is changed at the server: sync now fails, the connection turns unhealthy and shows why.
    radicale.setPassword('changed-elsewhere');
    await row.getByRole('button', { name: 'Sync now' }).click();
    const failed = row.getByRole('alert');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.textContent()).toMatch(/^Sync failed: ./);
    await expect.poll(() => row.getAttribute('data-status')).toBe('unhealthy');
    expect(await row.locator('.badge').textContent()).toBe('unhealthy');
    expect(await row.locator('.cal-error').textContent()).toBeTruthy();
    await screenshot(page, 'admin-calendars-3-unhealthy');

    // Disconnect asks first; dismissed, nothing happens; accepted, the connection is gone.
    page.once('dialog', (d) => void d.dismiss());
    await row.getByRole('button', { name: 'Disconnect' }).click();
    expect((await adminApi<{ connections: unknown[] }>(stack, 'GET', '/v1/admin/connections')).connections).toHaveLength(1);
    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await row.getByRole('button', { name: 'Disconnect' }).click();
    await card.getByText('No calendar connected.').waitFor({ timeout: 30_000 });
    expect(question).toContain('Disconnect');
    expect((await adminApi<{ connections: unknown[] }>(stack, 'GET', '/v1/admin/connections')).connections).toEqual([]);
    await page.close();
  });

  it('Google opens its consent page in a new tab; Microsoft, not configured, says so', { timeout: 120_000 }, async () => {
    const page = await ctx.newPage();
    await signInAdmin(page, stack, 'Calendars');
    await page.getByRole('link', { name: 'Calendars', exact: true }).click();
    await page.getByRole('heading', { name: 'Calendars', level: 1 }).waitFor();

    const popup = ctx.waitForEvent('page');
    await page.getByRole('button', { name: 'Connect Google' }).click();
    const consent = await popup;
    await consent.waitForLoadState();
    const opened = new URL(consent.url());
    expect(opened.origin + opened.pathname).toBe(CONSENT_PAGE);
    expect(opened.searchParams.get('client_id')).toBe('slotflow-test-client');
    expect(opened.searchParams.get('redirect_uri')).toBe(`${stack.baseUrl}/v1/connections/google/callback`);
    await consent.close();
    const started = page.getByRole('status').filter({ hasText: 'Google Calendar: the consent page opened in a new tab' });
    await started.waitFor();
    expect(await started.getByRole('link', { name: 'Open the consent page' }).getAttribute('href')).toContain(CONSENT_PAGE);
    const pending = page.getByRole('region', { name: 'Dr. Weber' }).getByRole('row', { name: /^Google Calendar: / });
    await pending.waitFor();
    expect(await pending.locator('.badge').textContent()).toBe('waiting for consent');
    expect(await pending.getByRole('button', { name: 'Sync now' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Connect Microsoft 365' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'Microsoft 365 cannot be connected: Microsoft 365 is not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET.',
    );
    await screenshot(page, 'admin-calendars-4-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    await screenshot(page, 'admin-calendars-5-phone');
    await page.close();
  });
});
