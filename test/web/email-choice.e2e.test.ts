/**
 * A proposal e-mail's one-click link in Chromium (#16): the link from a real answer opens a page that shows
 * the time and books nothing until the button is pressed; the button books it (the booking is in the
 * database), and the page says so; opening the same link again says the times have lapsed. The browser's
 * clock is pinned; the customer's message is dated from the pinned instant, so "tomorrow" holds at any time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';
import { startEmailStack, INBOUND_ADDRESS, textOf, type EmailStack } from '../support/email-stack.ts';

describe.skipIf(skipBrowser())('one-click proposal link', () => {
  let stack: EmailStack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startEmailStack({ kind: 'pglite', listen: true });
    const provider = await insertProvider(stack.db.db, { name: 'Dr. Weber', time_zone: 'Europe/Berlin', weekly_hours: everyDayHours([['08:00', '18:00']]) });
    await insertService(stack.db.db, { name: 'Haircut', duration_minutes: 30, providers: [provider] });
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the time, books on the button, and is spent afterwards', { timeout: 60_000 }, async () => {
    const anna = 'anna@mail.test';
    await stack.send({ from: anna, to: INBOUND_ADDRESS, subject: 'Haircut', text: 'Could I come for a haircut tomorrow at 10?' });
    const [answer] = await stack.sentTo(anna, 1);
    const links = [...textOf(answer!).matchAll(/http:\/\/127\.0\.0\.1:\d+\/email\/choose\/\S+/g)].map((m) => m[0]);
    expect(links).toHaveLength(3);
    expect(links[1]!.startsWith(stack.baseUrl)).toBe(true);

    const page = await browser.newPage();
    await pinBrowserClock(page);
    await page.goto(links[1]!);
    await page.getByRole('heading', { name: 'Book Haircut at this time?' }).waitFor();
    expect(await page.locator('.when').textContent()).toContain('10:00–10:30');
    const bookings = () => stack.db.db.selectFrom('bookings').select(['id', 'status', 'channel']).where('customer_email', '=', anna).execute();
    expect(await bookings()).toEqual([]); // opening the link books nothing

    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('status').filter({ hasText: 'Booked: Haircut.' }).waitFor();
    expect(await bookings()).toEqual([expect.objectContaining({ status: 'confirmed', channel: 'email' })]);

    await page.goto(links[0]!);
    await page.getByRole('status').filter({ hasText: 'These times have lapsed' }).waitFor();
    expect(await page.getByRole('link', { name: 'Book online' }).getAttribute('href')).toBe(`${stack.baseUrl}/book`);
    await page.close();
  });
});
