/**
 * The admin overview in Chromium (browser zone Europe/Berlin) against the real stack: rows seeded
 * directly in the database over several days, then /admin shows today's booking (time, customer linking
 * to its detail, service, provider, status, under "Upcoming") and the 30-day figures — headline totals,
 * five SVG charts (the success rate line broken where days have no value) and the charts' hidden data
 * tables carrying each seeded day's figure. Days are taken relative to TEST_NOW, in Berlin.
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock (which places the stats' 30 days) and
 * Chromium's (pinBrowserClock; the "Upcoming" list asks for the admin's day) both answer TEST_NOW. The rows
 * are written straight into the database and no workflow runs, so any instant works: every seeded time is
 * a wall-clock hour (08:00–13:00) that exists on DST days too, on a day before today — except today's
 * appointment at 12:00, which the page lists and the stats count by its day whether or not it has begun.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { BookingStatus } from '../../src/db/schema.ts';
import { addDays, localDate, localToInstant } from '../../src/domain/time/zones.ts';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';
import { insertProvider, insertService } from '../support/factories.ts';

const ZONE = 'Europe/Berlin';

describe.skipIf(skipBrowser())('admin overview', () => {
  let stack: WebStack;
  let browser: Browser;
  let page: Page;
  const today = localDate(TEST_NOW, ZONE);
  /** The local date `n` days ago in Berlin, and an instant on it. */
  const dayAgo = (n: number) => addDays(today, -n);
  const on = (n: number, hhmm = '12:00') => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(localToInstant(dayAgo(n), h! * 60 + m!, ZONE, 'next')!);
  };
  let todayBookingId = '';
  let slot = 0;

  beforeAll(async () => {
    stack = await startWebStack();
    const db = stack.db.db;
    const providerId = await insertProvider(db, { name: 'Dr. Ada', time_zone: ZONE, weekly_hours: '{}' });
    const serviceId = await insertService(db, { name: 'Consultation', duration_minutes: 30 });
    /** A booking; without `start` its appointment is a far-future hour of its own (live ones must not overlap). */
    const booking = async (name: string, createdAt: Date, status: BookingStatus, start?: Date) => {
      const s = start ?? new Date(Date.UTC(2040, 0, 1) + slot++ * 3_600_000);
      const e = new Date(s.getTime() + 30 * 60_000);
      return (
        await db
          .insertInto('bookings')
          .values({
            customer_name: name,
            service_id: serviceId,
            provider_id: providerId,
            start_time: s,
            end_time: e,
            blocked: `[${s.toISOString()},${e.toISOString()})`,
            status,
            created_at: createdAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };

    // Today's appointment at 12:00 Berlin, booked 5 days ago.
    todayBookingId = await booking('Grace Hopper', on(5), 'confirmed', on(0, '12:00'));
    // 10 days ago: the two appointments of 2 days ago were booked (both stand: completed, no-show).
    await booking('Carl Completed', on(10), 'completed', on(2, '10:00'));
    await booking('Nora NoShow', on(10), 'no_show', on(2, '11:00'));
    // 3 days ago: one confirmed 45 s after booking, one hold expired → 50 %, 45 s.
    const confirmedId = await booking('Dora', on(3), 'confirmed');
    await db
      .insertInto('messages')
      .values({
        booking_id: confirmedId,
        kind: 'confirmation',
        channel: 'email',
        status: 'sent',
        recipient: 'dora@example.com',
        body_text: 'x',
        idempotency_key: randomUUID(),
        sent_at: new Date(on(3).getTime() + 45_000),
      })
      .execute();
    await booking('Ed', on(3, '13:00'), 'expired');
    // 2 days ago: one booking, cancelled → 0 %.
    await booking('Fay', on(2), 'cancelled');
    // Yesterday: three confirmed and one declined → 75 %; reminders: 4 of 5 sent → 80 %.
    const yesterdayId = await booking('Gus', on(1), 'confirmed');
    await booking('Hal', on(1, '12:10'), 'confirmed');
    await booking('Ivy', on(1, '12:20'), 'confirmed');
    await booking('Jon', on(1, '12:30'), 'rejected');
    await db
      .insertInto('reminders')
      .values(
        ['08:00', '08:10', '08:20', '08:30', '08:40'].map((t, i) => ({
          booking_id: yesterdayId,
          when: on(1, t),
          channel: 'email' as const,
          status: i < 4 ? ('sent' as const) : ('failed' as const),
          sent_at: i < 4 ? on(1, t) : null,
        })),
      )
      .execute();

    browser = await launchBrowser();
    const context = await browser.newContext({ timezoneId: ZONE, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await pinBrowserClock(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** The cells of `date`'s row in the hidden data table of the chart titled `title`. */
  const tableRow = (title: string, date: string) =>
    page
      .getByRole('table', { name: `${title}, per day` })
      .locator('tr', { has: page.locator(`th:text-is("${date}")`) })
      .locator('td')
      .allTextContents();

  it('shows today’s booking and the seeded figures of the last 30 days', async () => {
    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Upcoming, today: time, service, provider, customer (a link to the booking) and status.
    const todaySection = page.getByRole('region', { name: /^Today/ });
    const link = todaySection.getByRole('link', { name: 'Grace Hopper' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/admin/bookings/${todayBookingId}`);
    const row = todaySection.locator('tr', { has: page.getByRole('link', { name: 'Grace Hopper' }) });
    expect(await row.locator('td').allTextContents()).toEqual(['12:00–12:30', 'Consultation', 'Dr. Ada', 'Grace Hopper', 'confirmed']);

    // Headline totals: 10 bookings made, 7 of 10 decided stand, 1 of 2 finished missed, 45 s, 4 of 5 reminders.
    await page.getByRole('heading', { name: 'Last 30 days' }).waitFor();
    const tile = (label: string) =>
      page
        .locator('.headline-tile', { has: page.locator(`dt:text-is("${label}")`) })
        .locator('.headline-value')
        .textContent();
    expect(await tile('Bookings')).toBe('10');
    expect(await tile('Booking success rate')).toBe('70%');
    expect(await tile('No-show rate')).toBe('50%');
    expect(await tile('Avg. time to confirmation')).toBe('45 s');
    expect(await tile('Reminder delivery rate')).toBe('80%');

    // Five charts, each an image named by its title; the success rate line has gaps (days without bookings).
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(5);
    expect(await page.getByRole('img', { name: /^Booking success rate/ }).count()).toBe(1);
    const successPath = (await page
      .locator('figure', { has: page.locator('h3:text-is("Booking success rate")') })
      .locator('.chart-line path')
      .getAttribute('d'))!;
    expect(successPath.match(/M/g)!.length).toBeGreaterThanOrEqual(2);

    // The text alternative: every seeded day's figure and what it rests on; empty days are dashes.
    expect(await tableRow('Bookings per day', dayAgo(1))).toEqual(['4', '3']);
    expect(await tableRow('Bookings per day', dayAgo(4))).toEqual(['0', '0']);
    expect(await tableRow('Booking success rate', dayAgo(10))).toEqual(['100%', '2 of 2']);
    expect(await tableRow('Booking success rate', dayAgo(3))).toEqual(['50%', '1 of 2']);
    expect(await tableRow('Booking success rate', dayAgo(2))).toEqual(['0%', '0 of 1']);
    expect(await tableRow('Booking success rate', dayAgo(1))).toEqual(['75%', '3 of 4']);
    expect(await tableRow('Booking success rate', dayAgo(4))).toEqual(['—', '0 of 0']);
    expect(await tableRow('No-show rate', dayAgo(2))).toEqual(['50%', '1 of 2']);
    expect(await tableRow('Average time to confirmation', dayAgo(3))).toEqual(['45 s', '2']);
    expect(await tableRow('Reminder delivery rate', dayAgo(1))).toEqual(['80%', '4 of 5']);
    const days = await page.getByRole('table', { name: 'Booking success rate, per day' }).locator('tbody tr').count();
    expect(days).toBe(30);

    await screenshot(page, 'admin-overview');

    // The customer's name opens the booking's detail page.
    await link.click();
    await page.waitForURL(`**/admin/bookings/${todayBookingId}`);
  });
});
