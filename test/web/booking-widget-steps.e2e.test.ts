/**
 * The widget's steps are URLs (#20 item 5): each step has its own address, Back goes back a step, reload keeps
 * the step, a shared link opens the same day for someone else (never another person's confirmation), a time
 * taken meanwhile falls back to its day with a note. Also the searchable zone combobox (mouse and keyboard
 * only; the times shift with the zone) and time buttons that stay on one line at 320 px in en (12-hour) and de.
 *
 * "Now" is pinned (test/support/clock.ts) in the gateway and in Chromium; the days used are next month's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { instantParam } from '../../web/src/book/url-state.ts';
import { at, createProvider, createService, nextMonthDays, showNextMonth, startHostPage, ZONE } from './web-seed.ts';

describe.skipIf(skipBrowser())('booking widget: steps as URLs, zone search, time buttons', () => {
  let stack: WebStack;
  let browser: Browser;
  let ada: string;
  let grace: string;
  let service: string;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ada = await createProvider(stack, 'Dr. Ada');
    grace = await createProvider(stack, 'Dr. Grace');
    service = await createService(stack, { name: 'Consultation', providerIds: [ada, grace], intakeFields: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function context(opts: { locale?: string; width?: number } = {}): Promise<BrowserContext> {
    const ctx = await browser.newContext({ timezoneId: ZONE, locale: opts.locale ?? 'en-GB', viewport: { width: opts.width ?? 1000, height: 900 } });
    await pinBrowserClock(ctx);
    return ctx;
  }
  const watch = (page: Page) => page.on('pageerror', (e) => console.error('page error:', e.message));
  /** Path and query of the page's URL. */
  const where = (page: Page) => {
    const u = new URL(page.url());
    return decodeURIComponent(u.pathname + u.search);
  };
  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 2 }).waitFor();
  const { second } = nextMonthDays();
  const tenThirty = instantParam(at(second, '10:30'));

  it(
    'walks service → provider → day → time → details with a URL each; Back goes back step by step; reload keeps the details',
    { timeout: 120_000 },
    async () => {
      const ctx = await context();
      try {
        const page = await ctx.newPage();
        watch(page);
        await page.goto(`${stack.baseUrl}/book`);
        await page.getByRole('button', { name: /Consultation/ }).click();
        await heading(page, 'Who would you like to see?');
        expect(where(page)).toBe(`/book/${service}`);

        await page.getByRole('button', { name: 'Dr. Ada' }).click();
        await heading(page, 'Pick a day and time');
        await expect.poll(() => where(page)).toMatch(new RegExp(`^/book/${service}\\?provider=${ada}&date=\\d{4}-\\d\\d-\\d\\d$`));

        await showNextMonth(page);
        await page.locator(`[data-date="${second}"]`).click();
        await expect.poll(() => where(page)).toBe(`/book/${service}?provider=${ada}&date=${second}`);
        await page.getByRole('button', { name: '10:30', exact: true }).click();
        await heading(page, 'Your details');
        expect(where(page)).toBe(`/book/${service}?provider=${ada}&date=${second}&time=${tenThirty}`);

        // Reload: the same step, service, provider and time.
        await page.reload();
        await heading(page, 'Your details');
        await expect(page.locator('.sf-chosen').textContent()).resolves.toMatch(/10:30 – 11:00.*Dr\. Ada/);
        await expect(page.locator('.sf-service').textContent()).resolves.toMatch(/Consultation/);
        await screenshot(page, 'widget-steps-desktop-details-reloaded');

        // Back, step by step: the day (with 10:30 picked), the providers, the services.
        await page.goBack();
        await heading(page, 'Pick a day and time');
        expect(where(page)).toBe(`/book/${service}?provider=${ada}&date=${second}`);
        await expect.poll(() => page.locator(`[data-date="${second}"]`).getAttribute('aria-pressed')).toBe('true');
        await page.goBack();
        await heading(page, 'Who would you like to see?');
        expect(where(page)).toBe(`/book/${service}`);
        await page.goBack();
        await heading(page, 'Choose a service');
        expect(where(page)).toBe('/book');
        // And forward again, to the details.
        await page.goForward();
        await page.goForward();
        await page.goForward();
        await heading(page, 'Your details');
        await expect(page.locator('.sf-chosen').textContent()).resolves.toMatch(/10:30/);
      } finally {
        await ctx.close();
      }
    },
  );

  it('inside the embed on another site: the steps are entries of the tab, Back goes back a step in the iframe', { timeout: 120_000 }, async () => {
    const ctx = await context();
    const host = await startHostPage(
      `<!doctype html><html><body><h1>Host</h1><script src="${stack.baseUrl}/embed.js" data-service="${service}"></script></body></html>`,
    );
    try {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(host.url);
      const w = page.frameLocator('iframe[data-slotflow-widget]');
      const frameUrl = () =>
        decodeURIComponent(
          new URL(
            page
              .frames()
              .find((f) => f !== page.mainFrame())!
              .url(),
          ).search,
        );
      await w.getByRole('heading', { name: 'Who would you like to see?' }).waitFor();
      await w.getByRole('button', { name: 'Dr. Grace' }).click();
      await w.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
      await expect.poll(frameUrl).toMatch(new RegExp(`^\\?provider=${grace}&date=[\\d-]+&embed=1$`));
      // The browser's Back (the host page's history.back(): the tab's joint history; Playwright's goBack waits
      // for the top page to navigate, which it does not).
      await page.evaluate('history.back()');
      await w.getByRole('heading', { name: 'Who would you like to see?' }).waitFor();
      expect(frameUrl()).toBe('?embed=1');
      expect(page.url()).toBe(host.url); // the host page stayed
    } finally {
      await host.close();
      await ctx.close();
    }
  });

  it('a shared URL opens the day for a fresh page; a time taken meanwhile falls back to its day with a note', { timeout: 120_000 }, async () => {
    const ctx = await context();
    try {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(`${stack.baseUrl}/book/${service}?provider=${grace}&date=${second}`);
      await heading(page, 'Pick a day and time');
      await expect.poll(() => page.locator(`[data-date="${second}"]`).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: '11:00', exact: true }).waitFor();
      // Shared with a provider: the link fixes it (no "Other provider"), as the embed's data-provider does.
      expect(await page.getByRole('button', { name: /Other provider/ }).count()).toBe(0);

      // Someone books 11:00 with Grace; a link to that time now lands on the day, saying so.
      const res = await fetch(`${stack.baseUrl}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `steps-${Date.now()}` },
        body: JSON.stringify({
          serviceId: service,
          providerId: grace,
          start: new Date(at(second, '11:00')).toISOString(),
          timeZone: ZONE,
          customer: { name: 'Someone Else', email: 'someone@example.com' },
        }),
      });
      expect(res.status).toBe(201);
      await page.goto(`${stack.baseUrl}/book/${service}?provider=${grace}&date=${second}&time=${instantParam(at(second, '11:00'))}`);
      await heading(page, 'Pick a day and time');
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/The time you picked \(.*11:00\) is no longer free/);
      await expect.poll(() => where(page)).toBe(`/book/${service}?provider=${grace}&date=${second}`);
      await expect.poll(() => page.locator(`[data-date="${second}"]`).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: '10:30', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: '11:00', exact: true }).count()).toBe(0);
      await screenshot(page, 'widget-steps-time-gone');
    } finally {
      await ctx.close();
    }
  });

  it('the confirmation is not in the URL: after a reload it shows the day and where the booking is', { timeout: 120_000 }, async () => {
    const ctx = await context();
    try {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(`${stack.baseUrl}/book/${service}?provider=${ada}&date=${second}&time=${instantParam(at(second, '14:00'))}`);
      await heading(page, 'Your details');
      await page.getByLabel('Name').fill('Private Person');
      await page.getByLabel('E-mail', { exact: true }).fill('private@example.com');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await heading(page, 'Booking confirmed');
      expect(where(page)).toBe(`/book/${service}?provider=${ada}&date=${second}&done=1`);
      await page.reload();
      await heading(page, 'Pick a day and time');
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/use the link in its confirmation/);
      expect(await page.content()).not.toContain('Private Person');
      expect(await page.content()).not.toContain('private@example.com');
      expect(where(page)).toBe(`/book/${service}?provider=${ada}&date=${second}`);
    } finally {
      await ctx.close();
    }
  });

  /** "GMT-05:00": the zone's offset at an instant, as the combobox names it. */
  const gmt = (zone: string, ms: number) =>
    new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
  const hhmm = (zone: string, ms: number, locale = 'en-GB') =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(ms);

  it('the zone combobox: detected zone first, "new york" found and picked, the times shift; then keyboard only', { timeout: 120_000 }, async () => {
    const ctx = await context({ width: 390 });
    try {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(`${stack.baseUrl}/book/${service}?provider=${ada}&date=${second}`);
      await heading(page, 'Pick a day and time');
      await page.getByRole('button', { name: '10:30', exact: true }).waitFor();
      const zone = page.getByRole('combobox', { name: 'Time zone' });
      expect(await zone.inputValue()).toBe(ZONE);
      expect(await zone.getAttribute('aria-expanded')).toBe('false');
      await screenshot(page, 'widget-steps-390-day');

      // The offsets are those of the day viewed (next month), not of today.
      const noon = Date.parse(`${second}T12:00:00Z`);
      await zone.click();
      await page.getByRole('listbox', { name: 'Time zone' }).waitFor();
      expect(await zone.getAttribute('aria-expanded')).toBe('true');
      const first = page.getByRole('option').first();
      expect(await first.getAttribute('data-zone')).toBe(ZONE);
      expect(await first.textContent()).toBe(`Berlin — Central European Time (${gmt(ZONE, noon)})Your zone`);
      await screenshot(page, 'widget-steps-390-zone-open');
      await page.keyboard.type('new york');
      await expect.poll(() => first.getAttribute('data-zone')).toBe('America/New_York');
      const ny = `New York — Eastern Time (${gmt('America/New_York', noon)})`;
      expect(await first.textContent()).toBe(ny);
      await screenshot(page, 'widget-steps-390-zone-search');
      await first.click();
      await expect.poll(() => where(page)).toBe(`/book/${service}?provider=${ada}&date=${second}&tz=America/New_York`);
      expect(await zone.inputValue()).toBe(ny);
      expect(await page.getByRole('listbox').count()).toBe(0);
      // 10:30 in Berlin is now shown in New York's time.
      await page.getByRole('button', { name: hhmm('America/New_York', at(second, '10:30')), exact: true }).waitFor();
      // The day's first time: 09:00 in Berlin, in New York's hours.
      expect(await page.locator('.sf-slots button').first().textContent()).toBe(hhmm('America/New_York', at(second, '09:00')));

      // Keyboard only: from the step's heading, Tab reaches the field; ↓/↑ move the active option, Escape
      // closes and keeps the zone, Enter picks.
      await page.locator('#sf-step-title').focus();
      await page.keyboard.press('Tab');
      expect(await zone.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await page.keyboard.type('eastern');
      await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(1);
      const active = async () => {
        const id = await zone.getAttribute('aria-activedescendant');
        return id ? page.locator(`[id="${id}"]`).getAttribute('aria-selected') : null;
      };
      expect(await zone.getAttribute('aria-activedescendant')).toBe('sf-zone-opt-0');
      await page.keyboard.press('ArrowDown');
      expect(await zone.getAttribute('aria-activedescendant')).toBe('sf-zone-opt-1');
      expect(await active()).toBe('true');
      await page.keyboard.press('ArrowUp');
      expect(await zone.getAttribute('aria-activedescendant')).toBe('sf-zone-opt-0');
      await page.keyboard.press('Escape');
      expect(await page.getByRole('listbox').count()).toBe(0);
      expect(await zone.inputValue()).toBe(ny);
      await page.keyboard.press('ArrowDown'); // opens again
      await page.getByRole('listbox').waitFor();
      await page.keyboard.type('tokyo');
      await expect.poll(() => first.getAttribute('data-zone')).toBe('Asia/Tokyo');
      await page.keyboard.press('Enter');
      await expect.poll(() => where(page)).toContain('tz=Asia/Tokyo');
      await page.getByRole('button', { name: hhmm('Asia/Tokyo', at(second, '10:30')), exact: true }).waitFor();
      // A reload keeps the zone (and a shared link hands it on).
      await page.reload();
      await page.getByRole('button', { name: hhmm('Asia/Tokyo', at(second, '10:30')), exact: true }).waitFor();
      expect(await zone.inputValue()).toBe('Asia/Tokyo');
    } finally {
      await ctx.close();
    }
  });

  for (const [locale, form] of [
    ['en-US', /^\d{1,2}:\d\d\s[AP]M$/],
    ['de-DE', /^\d{1,2}:\d\d$/],
  ] as const) {
    it(`time buttons stay on one line at 320 px (${locale})`, { timeout: 120_000 }, async () => {
      const ctx = await context({ locale, width: 320 });
      try {
        const page = await ctx.newPage();
        watch(page);
        await page.goto(`${stack.baseUrl}/book/${service}?provider=${ada}&date=${second}`);
        const buttons = page.locator('.sf-slots button');
        await buttons.first().waitFor();
        // A DOM element: the tests compile without the DOM lib.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const shown = await buttons.evaluateAll((els: any[]) =>
          els.map((el) => {
            const range = el.ownerDocument.createRange();
            range.selectNodeContents(el);
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            const tops = new Set([...range.getClientRects()].map((r: any) => Math.round(r.top)));
            return { text: el.textContent.replace(/\u202f/g, ' '), lines: tops.size, fits: el.scrollWidth <= el.clientWidth };
          }),
        );
        expect(shown.length).toBeGreaterThan(8);
        for (const b of shown) {
          expect(b.text).toMatch(form);
          expect(b, b.text).toMatchObject({ lines: 1, fits: true });
        }
        // Measured as boxes too: every button one line high, at least two columns, none past the viewport.
        const boxes = await Promise.all((await buttons.all()).map((b) => b.boundingBox()));
        const heights = boxes.map((b) => b!.height);
        expect(Math.max(...heights) - Math.min(...heights)).toBeLessThan(1);
        expect(Math.max(...heights)).toBeLessThan(48);
        expect(new Set(boxes.map((b) => Math.round(b!.x))).size).toBeGreaterThanOrEqual(2);
        expect(Math.max(...boxes.map((b) => b!.x + b!.width))).toBeLessThanOrEqual(320);
        await screenshot(page, `widget-steps-320-${locale}`);
      } finally {
        await ctx.close();
      }
    });
  }
});
