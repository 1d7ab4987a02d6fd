/**
 * The admin's booking screens in Chromium against the real stack (gateway with the built pages, worker,
 * PGlite, Temporal dev server): sign in, week / day grid, filtered list kept in the URL, a booking's
 * detail (timeline, messages, intake labels, Temporal link), and the actions — approve, reschedule (a
 * refused overlap, then a free slot), cancel with a reason, and a no-show on a booking that really
 * started. Every action's outcome is checked through the admin API / the database, not only on screen.
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock and Chromium's (pinBrowserClock on the
 * shared context) answer TEST_NOW, and the seeded bookings are "tomorrow" in Berlin at TEST_NOW — always
 * wholly in the future of TEST_NOW (hours 10:00–15:30, which exist on DST days), and in the real future at
 * every instant the sweep pins, so their workflows (on Temporal's real clock) only send the confirmation.
 * The no-show test cannot be pinned, since the workflow must really reach the appointment's end: it
 * switches the gateway to the real time and uses an unpinned browser context (see there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';
import { addDays, isoInZone, localDate, zonedInstant } from '../../web/src/admin/bookings/zone.ts';
import { weekStart } from '../../web/src/admin/bookings/views.ts';

const ZONE = 'Europe/Berlin';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- admin API answers read loosely in assertions
type Json = Record<string, any>;

describe.skipIf(skipBrowser())('admin booking screens', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ids = { ada: '', grace: '', carl: '', pat: '' };
  let ada: string;
  let bob: string;
  let night: string;
  let consultation: string;
  let approval: string;
  let quick: string;
  const today = localDate(TEST_NOW, ZONE);
  const tomorrow = addDays(today, 1);
  const at = (hhmm: string, date = tomorrow) => {
    const [h, m] = hhmm.split(':').map(Number);
    return isoInZone(zonedInstant(date, h! * 60 + m!, ZONE), ZONE);
  };
  /** The wall-clock 'HH:MM' in New York of `hhmm` tomorrow in Berlin: 6 hours earlier, or 5 in the weeks
   * when only one of the two zones is on summer time (March, late October / early November). */
  const inNewYork = (hhmm: string) => isoInZone(Date.parse(at(hhmm)), 'America/New_York').slice(11, 16);

  async function call(method: string, path: string, body?: unknown, admin = true): Promise<{ status: number; json: Json }> {
    const res = await fetch(stack.baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(admin ? { authorization: `Bearer ${stack.adminKey}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Json };
  }
  async function create(path: string, body: unknown, admin = true): Promise<Json> {
    const r = await call('POST', path, body, admin);
    expect(r.status, `${path}: ${JSON.stringify(r.json)}`).toBe(201);
    return r.json;
  }
  const book = (serviceId: string, providerId: string, start: string, name: string, extra: Json = {}) =>
    create(
      '/v1/bookings',
      { serviceId, providerId, start, timeZone: ZONE, customer: { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` }, ...extra },
      false,
    );
  const adminBooking = async (id: string) => (await call('GET', `/v1/admin/bookings/${id}`)).json;
  async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    stack = await startWebStack({ attendanceGraceMs: 120_000 });
    const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '18:00']]]));
    ada = (await create('/v1/admin/providers', { name: 'Dr. Ada', email: 'ada@clinic.test', timeZone: ZONE, weeklyHours: allDay })).id;
    bob = (await create('/v1/admin/providers', { name: 'Dr. Bob', email: 'bob@clinic.test', timeZone: ZONE, weeklyHours: allDay })).id;
    night = (await create('/v1/admin/providers', { name: 'Night desk', email: 'night@clinic.test', timeZone: ZONE, weeklyHours: {} })).id;
    consultation = (
      await create('/v1/admin/services', {
        name: 'Consultation',
        durationMinutes: 30,
        providerIds: [ada, bob],
        intakeFields: [{ key: 'reason', label: 'Reason for visit', type: 'text', required: false }],
      })
    ).id;
    approval = (await create('/v1/admin/services', { name: 'Assessment', durationMinutes: 60, requiresApproval: true, providerIds: [ada] })).id;
    quick = (await create('/v1/admin/services', { name: 'Quick check', durationMinutes: 1, minimumNoticeMinutes: 0, providerIds: [night] })).id;

    ids.ada = (
      await create(
        '/v1/bookings',
        {
          serviceId: consultation,
          providerId: ada,
          start: at('10:00'),
          timeZone: 'America/New_York',
          customer: { name: 'Ada Lovelace', email: 'ada.l@example.com' },
          intake: { reason: 'Knee pain' },
        },
        false,
      )
    ).id;
    ids.grace = (await book(consultation, bob, at('10:00'), 'Grace Hopper')).id;
    ids.carl = (await book(consultation, ada, at('11:00'), 'Carl Cancel')).id;
    const pending = await book(approval, ada, at('14:00'), 'Pat Pending');
    expect(pending.status).toBe('pending');
    ids.pat = pending.id;

    browser = await launchBrowser();
    context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } });
    await pinBrowserClock(context);
    page = await context.newPage();
    // A script error in the page shows up in the test output (otherwise only a timeout would).
    page.setDefaultTimeout(15_000); // a missing element fails with its locator before the test's own timeout
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in and shows the week grid with overlapping bookings side by side, then a day', async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Bookings', exact: true }).waitFor();
    // The admin's zone defaults to the browser's.
    expect(await page.getByLabel('Time zone').inputValue()).toBe(ZONE);
    // The grid opens on the pinned browser's week; tomorrow is in the next one when today is a Sunday.
    if (weekStart(tomorrow) !== weekStart(today)) await page.getByRole('button', { name: 'Next week' }).click();

    const adaBox = page.locator(`a.bk-event[data-booking-id="${ids.ada}"]`);
    const graceBox = page.locator(`a.bk-event[data-booking-id="${ids.grace}"]`);
    await adaBox.waitFor();
    await expect.poll(() => page.locator('a.bk-event').count()).toBe(4);
    expect(await adaBox.getAttribute('aria-label')).toMatch(/^10:00–10:30 Ada Lovelace, Consultation with Dr\. Ada, Confirmed$/);
    expect(await page.locator(`a.bk-event[data-booking-id="${ids.pat}"]`).getAttribute('class')).toContain('bk-s-pending');
    const a = (await adaBox.boundingBox())!;
    const g = (await graceBox.boundingBox())!;
    expect(Math.abs(a.y - g.y)).toBeLessThan(1); // same start
    expect(a.x + a.width <= g.x + 1 || g.x + g.width <= a.x + 1).toBe(true); // side by side, not on top
    // 11:00 sits one hour (two 30-minute boxes) below 10:00.
    const c = (await page.locator(`a.bk-event[data-booking-id="${ids.carl}"]`).boundingBox())!;
    expect(c.y - a.y).toBeCloseTo(2 * a.height + 0, -1);
    await screenshot(page, 'admin-bookings-week');

    // Day view through the day heading; the URL carries it.
    await page.locator('.bk-grid-dayhead a', { hasText: new RegExp(`\\b${Number(tomorrow.slice(8))}\\b`) }).click();
    await page.waitForURL(/view=day/);
    expect(new URL(page.url()).searchParams.get('date')).toBe(tomorrow);
    await expect.poll(() => page.locator('a.bk-event').count()).toBe(4);
    await screenshot(page, 'admin-bookings-day');

    // The zone switcher redraws in another zone and puts it into the URL.
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.waitForURL(/tz=America%2FNew_York/);
    await expect
      .poll(() => page.locator(`a.bk-event[data-booking-id="${ids.ada}"]`).getAttribute('aria-label'))
      .toMatch(new RegExp(`^${inNewYork('10:00')}–${inNewYork('10:30')} Ada Lovelace`));
    await page.getByLabel('Time zone').selectOption(ZONE);
    await expect.poll(() => page.locator(`a.bk-event[data-booking-id="${ids.ada}"]`).getAttribute('aria-label')).toMatch(/^10:00–10:30 Ada Lovelace/);

    // Phone width: the week grid scrolls sideways inside its box, the page does not.
    await page.getByRole('link', { name: 'Week', exact: true }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    // A phone opens on the day view (#20 item 6); its Week link asks for the week explicitly.
    const viewNav = page.getByRole('navigation', { name: 'Bookings view' });
    await expect.poll(() => viewNav.getByRole('link', { name: 'Day', exact: true }).getAttribute('aria-current')).toBe('page');
    await viewNav.getByRole('link', { name: 'Week', exact: true }).click();
    await page.waitForURL(/view=week/);
    await page.locator('a.bk-event').first().waitFor();
    // Filters start folded on a phone, so the grid is in view.
    expect(await page.locator('details.bk-filters-box').getAttribute('open')).toBeNull();
    const scroll = page.getByRole('region', { name: 'Bookings calendar' });
    expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
    await screenshot(page, 'admin-bookings-week-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await page.locator('a.bk-event').first().waitFor();
  });

  it('lists bookings, filters by status through the URL, and keeps it across reload and back', async () => {
    await page.getByRole('link', { name: 'List', exact: true }).click();
    const rows = page.locator('table.bk-table tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await screenshot(page, 'admin-bookings-list');

    await page.getByRole('checkbox', { name: 'Pending approval' }).check();
    await page.waitForURL(/status=pending/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-booking-id')).toBe(ids.pat);
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Pending approval' }).isChecked()).toBe(true);
    await screenshot(page, 'admin-bookings-list-pending');

    await page.goBack();
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByRole('checkbox', { name: 'Pending approval' }).isChecked()).toBe(false);

    // Provider filter: Dr. Bob has one booking.
    await page.getByLabel('Provider').selectOption({ label: 'Dr. Bob' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('provider')).toBe(bob);
    expect(await rows.first().getAttribute('data-booking-id')).toBe(ids.grace);
  });

  it('opens a detail with times in both zones, intake labels, timeline, messages and the Temporal link', async () => {
    // The confirmation is recorded by the workflow shortly after booking.
    await until('confirmation message', async () => ((await adminBooking(ids.ada)).messages as Json[]).find((m) => m.kind === 'confirmation'));
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.locator(`tr[data-booking-id="${ids.ada}"] a`).click();
    await page.waitForURL(new RegExp(`/admin/bookings/${ids.ada}$`));
    await page.getByRole('heading', { name: /Ada Lovelace/ }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Confirmed');
    expect(await page.getByTestId('time-admin').textContent()).toContain('10:00–10:30 (Europe/Berlin');
    expect(await page.getByTestId('time-customer').textContent()).toContain(`${inNewYork('10:00')}–${inNewYork('10:30')} (America/New_York`);
    expect(await page.getByRole('definition').filter({ hasText: 'Knee pain' }).count()).toBe(1);
    await page.getByText('Reason for visit', { exact: true }).waitFor();
    const timeline = page.locator('.bk-timeline li');
    expect(await timeline.evaluateAll((els) => els.map((e) => e.getAttribute('data-event')))).toEqual(expect.arrayContaining(['reserved']));
    await page.locator('tr[data-message-kind="confirmation"]').waitFor();
    expect(await page.locator('tr[data-message-kind="confirmation"]').textContent()).toContain('ada.l@example.com');
    expect(await page.getByRole('link', { name: 'Open in Temporal UI' }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/booking-${ids.ada}`,
    );
    // Not started yet: no attendance buttons.
    expect(await page.getByRole('button', { name: 'Mark no-show' }).count()).toBe(0);
    await screenshot(page, 'admin-booking-detail');
  });

  it('shows a refused reschedule without losing the page, then moves the booking to a free slot', async () => {
    await page.getByRole('button', { name: 'Reschedule…' }).click();
    // 11:00 with Dr. Ada is Carl's: the database refuses the overlap (409 slot_unavailable).
    await page.getByLabel(/Or another start/).fill(`${tomorrow}T11:00`);
    await page.getByRole('button', { name: 'Move booking' }).click();
    await page.getByRole('alert').filter({ hasText: 'That time is taken' }).waitFor();
    expect(await page.getByRole('heading', { name: /Ada Lovelace/ }).count()).toBe(1);
    expect(Date.parse((await adminBooking(ids.ada)).start)).toBe(Date.parse(at('10:00')));
    await screenshot(page, 'admin-booking-reschedule-refused');

    // Free slots of that day come from the availability API; 11:00 (Carl) is not among them.
    await page.getByRole('radio', { name: '15:00–15:30' }).check();
    expect(await page.getByRole('radio', { name: '11:00–11:30' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Move booking' }).click();
    await page.getByRole('status').filter({ hasText: 'Booking moved to' }).waitFor();
    const moved = await adminBooking(ids.ada);
    expect(Date.parse(moved.start)).toBe(Date.parse(at('15:00')));
    expect(moved.version).toBe(2);
    await page.locator('.bk-timeline li[data-event="rescheduled"]').waitFor();
    expect(await page.getByTestId('time-admin').textContent()).toContain('15:00–15:30');
    await screenshot(page, 'admin-booking-rescheduled');
  });

  it('approves a pending booking', async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings/${ids.pat}`);
    expect(await page.getByTestId('status').textContent()).toBe('Pending approval');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Booking approved.' }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Confirmed');
    const after = await adminBooking(ids.pat);
    expect(after.status).toBe('confirmed');
    expect((after.events as Json[]).some((e) => e.type === 'confirmed' && e.actor === 'admin')).toBe(true);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await until('approved message', async () => ((await adminBooking(ids.pat)).messages as Json[]).find((m) => m.kind === 'approved'));
    await page.reload();
    await page.locator('tr[data-message-kind="approved"]').waitFor();
    await screenshot(page, 'admin-booking-approved');
  });

  it('cancels a booking with a reason after a confirm step', async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings/${ids.carl}`);
    await page.getByRole('button', { name: 'Cancel booking…' }).click();
    // "Keep booking" backs out without cancelling.
    await page.getByRole('button', { name: 'Keep booking' }).click();
    expect((await adminBooking(ids.carl)).status).toBe('confirmed');
    await page.getByRole('button', { name: 'Cancel booking…' }).click();
    await page.getByLabel(/Reason/).fill('Customer called in sick');
    await screenshot(page, 'admin-booking-cancel-confirm');
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await page.getByRole('status').filter({ hasText: 'Booking cancelled.' }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Cancelled');
    const row = await stack.db.db.selectFrom('bookings').select(['status', 'cancel_reason']).where('id', '=', ids.carl).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'cancelled', cancel_reason: 'Customer called in sick' });
    await page.locator('.bk-timeline li[data-event="cancelled"]').filter({ hasText: 'Customer called in sick' }).waitFor();
    expect(await page.getByText('Nothing to do: the booking is cancelled.').count()).toBe(1);
    await screenshot(page, 'admin-booking-cancelled');
  });

  it('marks a no-show once the appointment has started; the workflow ends it as no_show', async () => {
    // Real time here, not TEST_NOW: the workflow waits on Temporal's clock, which cannot be pinned, for
    // the appointment to end. So the gateway answers the real time (its availability, booking and
    // attendance checks must agree with Temporal) and the page is a fresh, unpinned context whose Date
    // runs (the page wakes up at the start). Safe at any instant: the night desk has no weekly hours and
    // no other booking, so its only slots are in the 5-minute range opened here from the real now + 12 s
    // — nothing depends on TEST_NOW, the day in Berlin or the earlier tests' bookings (other providers).
    stack.clock.useRealTime();
    const realTime = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } }); // not pinned
    try {
      const live = await realTime.newPage();
      live.setDefaultTimeout(15_000);
      live.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      // Signed in (sessionStorage, per tab) before the clock starts ticking towards the booking.
      await live.goto(`${stack.baseUrl}/admin/bookings`);
      await live.getByLabel('Admin API key').fill(stack.adminKey);
      await live.getByRole('button', { name: 'Sign in' }).click();
      await live.getByRole('heading', { name: 'Bookings', exact: true }).waitFor();

      // A real booking that starts in a few seconds: the night desk opens a short range from then on, the
      // 1-minute service needs no notice, and its first slot is that range's start.
      const opens = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
      await create(`/v1/admin/providers/${night}/overrides`, {
        kind: 'open',
        start: new Date(opens).toISOString(),
        end: new Date(opens + 5 * 60_000).toISOString(),
      });
      const avail = await call(
        'GET',
        `/v1/availability?serviceId=${quick}&providerId=${night}&from=${encodeURIComponent(new Date(opens).toISOString())}&to=${encodeURIComponent(new Date(opens + 60_000).toISOString())}&timeZone=${ZONE}`,
        undefined,
        false,
      );
      const slot = (avail.json.slots as Json[])[0]!;
      expect(Date.parse(slot.start)).toBe(opens);
      const noShow = await book(quick, night, slot.start, 'Nora Noshow');
      expect(noShow.status).toBe('confirmed');

      await live.goto(`${stack.baseUrl}/admin/bookings/${noShow.id}`);
      await live.getByRole('heading', { name: /Nora Noshow/ }).waitFor();
      expect(Date.now()).toBeLessThan(opens); // the real clock, as the page's and the gateway's are here
      expect(await live.getByRole('button', { name: 'Mark no-show' }).count()).toBe(0);
      await live.getByText(/Attendance \(checked in \/ no-show\) can be recorded from/).waitFor();
      // The page wakes up at the start and offers attendance without a reload.
      await live.getByRole('button', { name: 'Mark no-show' }).waitFor({ timeout: 30_000 });
      expect(Date.now()).toBeGreaterThanOrEqual(opens);
      await live.getByRole('button', { name: 'Mark no-show' }).click();
      await live.getByRole('status').filter({ hasText: 'Recorded: no-show' }).waitFor();
      await screenshot(live, 'admin-booking-no-show-recorded');

      // The workflow applies it when the appointment ends (1 minute after the start).
      const done = await until(
        'no_show',
        async () => {
          const b = await adminBooking(noShow.id);
          return b.status === 'no_show' ? b : undefined;
        },
        120_000,
      );
      expect(done.attendance).toBe('no_show');
      const row = await stack.db.db.selectFrom('bookings').select(['status', 'attendance']).where('id', '=', noShow.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'no_show', attendance: 'no_show' });
      await live.reload();
      expect(await live.getByTestId('status').textContent()).toBe('No-show');
      await live.locator('.bk-timeline li[data-event="no_show"]').waitFor();
      expect(await live.getByRole('button', { name: 'Mark no-show' }).count()).toBe(0);
      await screenshot(live, 'admin-booking-no-show');
    } finally {
      await realTime.close();
      stack.clock.pin(); // back to TEST_NOW for anything after this test
    }
  }, 180_000);
});
