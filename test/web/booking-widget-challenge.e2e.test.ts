/**
 * The booking widget in Chromium with the proof of work on (BOOKING_CHALLENGE=on, the default work of
 * 1,000; issue #21): the customer books as always — the widget fetches and solves the challenge while the
 * form is filled in and sends it with the booking. A proof the gateway refuses (here: the first challenge
 * the page sees comes from another deployment) makes the widget solve a fresh one and retry with the same
 * Idempotency-Key, without a word to the customer. "Now" is pinned as in booking-widget.e2e.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { challengeSecrets, issueChallenge } from '../../src/gateway/booking-challenge.ts';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, at, createProvider, createService, nextMonthDays, showNextMonth, ZONE } from './web-seed.ts';

describe.skipIf(skipBrowser())('booking widget with the proof of work on', () => {
  let stack: WebStack;
  let browser: Browser;
  let service: string;

  beforeAll(async () => {
    stack = await startWebStack({ challenge: { work: 1000 } });
    browser = await launchBrowser();
    const provider = await createProvider(stack, 'Dr. Ada');
    service = await createService(stack, { name: 'Check-up', providerIds: [provider] });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('books without the customer noticing, and recovers from a refused proof by solving a fresh one', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 900, height: 800 } });
    await pinBrowserClock(ctx);
    try {
      const page = await ctx.newPage();
      const posts: { altcha: string | undefined; key: string | undefined; status?: number }[] = [];
      let challenges = 0;
      // The first challenge is signed with another deployment's secret: solvable, but refused here.
      await page.route('**/v1/bookings/challenge', async (route) => {
        challenges++;
        if (challenges > 1) return route.continue();
        const foreign = await issueChallenge({ work: 30 }, challengeSecrets('another-deployment-secret-0123456789'));
        await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ required: true, challenge: foreign }) });
      });
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname === '/v1/bookings')
          posts.push({ altcha: req.headers()['x-altcha'], key: req.headers()['idempotency-key'] });
      });
      page.on('response', (res) => {
        if (res.request().method() === 'POST' && new URL(res.url()).pathname === '/v1/bookings')
          posts.find((p) => p.status === undefined)!.status = res.status();
      });

      await page.goto(`${stack.baseUrl}/book/${service}`);
      await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
      const { first } = nextMonthDays();
      await showNextMonth(page);
      await page.getByRole('button', { name: '10:30', exact: true }).click();
      await page.getByRole('heading', { name: 'Your details' }).waitFor();
      await page.getByLabel('Name').fill('Ada Customer');
      await page.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
      const clicked = performance.now();
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
      console.log(
        `proof of work (work 1000): confirm click → confirmed page ${Math.round(performance.now() - clicked)} ms, incl. one refused proof and a fresh solve`,
      );
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshot(page, 'widget-challenge-confirmed');

      // Two posts: the foreign proof (422) and the fresh one (201), one Idempotency-Key, two proofs.
      expect(posts.map((p) => p.status)).toEqual([422, 201]);
      expect(posts.every((p) => typeof p.altcha === 'string' && p.altcha.length > 100)).toBe(true);
      expect(posts[1]!.altcha).not.toBe(posts[0]!.altcha);
      expect(posts[1]!.key).toBe(posts[0]!.key);
      expect(challenges).toBe(2);

      const { bookings } = await adminApi<{ bookings: { start: string; customer: { name: string } }[] }>(
        stack,
        'GET',
        `/v1/admin/bookings?serviceId=${service}`,
      );
      expect(bookings.map((b) => [b.customer.name, Date.parse(b.start)])).toEqual([['Ada Customer', at(first, '10:30')]]);
      const spent = await stack.db.db.selectFrom('used_challenges').select('nonce').execute();
      expect(spent).toHaveLength(1);
    } finally {
      await ctx.close();
    }
  });
});
