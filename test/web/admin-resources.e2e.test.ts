/**
 * Rooms & equipment (#19 item 1) in Chromium against the real stack (gateway + worker + PGlite + Temporal):
 * the admin makes a service require a pool that has no unit (the list warns, the service offers no slot),
 * adds a room through the list page (a typed label is refused at its field, a second unit of the same name
 * gets the server's 409 at its field) and the slots appear; a booking takes the room; a whole-day block of
 * the room removes exactly that day's slots from GET /v1/availability and removing it brings them back;
 * the room's day view lists the booking and links to its detail, which names the room, as do the bookings
 * list and the customer's manage page; deactivating the room leaves the service without slots again.
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock and Chromium's answer TEST_NOW. The days used
 * are "tomorrow" and the day after in Berlin at TEST_NOW: the provider's 09:00–17:00 there is wholly in the
 * future of TEST_NOW and in the real future at every instant the sweep pins, so the booking's workflow (on
 * Temporal's real clock) only confirms it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, localDate } from '../../src/domain/time/zones.ts';
import { launchBrowser, screenshot, SCREENSHOT_DIR, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, at, createProvider, createService, ZONE } from './web-seed.ts';

type Slot = { start: string; end: string; providerId: string };

describe.skipIf(skipBrowser())('admin rooms & equipment screens', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let provider: string;
  let service: string;
  let roomId = '';
  let booking: { id: string; manageUrl: string } = { id: '', manageUrl: '' };
  const today = localDate(TEST_NOW, ZONE);
  const day1 = addDays(today, 1);
  const day2 = addDays(today, 2);
  /** The provider works 09:00–17:00 and the service takes 60 minutes: 8 start times a day, 09:00 … 16:00. */
  const FULL_DAY = 8;

  const slots = async (date: string): Promise<Slot[]> => {
    const res = await fetch(`${stack.baseUrl}/v1/availability?serviceId=${service}&from=${date}&to=${date}&timeZone=${encodeURIComponent(ZONE)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { slots: Slot[] }).slots;
  };
  const nav = (name: string) => page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name }).click();
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

  beforeAll(async () => {
    stack = await startWebStack();
    provider = await createProvider(stack, 'Dr. Ada');
    service = await createService(stack, { name: 'Massage', durationMinutes: 60, providerIds: [provider] });
    browser = await launchBrowser();
    context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } });
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
    await stack?.close();
  });

  it('the service editor sets a pool requirement; a pool without units leaves the service without slots', { timeout: 90_000 }, async () => {
    expect(await slots(day1)).toHaveLength(FULL_DAY);
    await page.goto(`${stack.baseUrl}/admin/services/${service}`);
    await page.getByRole('heading', { name: 'Edit Massage' }).waitFor();
    const section = page.getByRole('group', { name: 'Rooms & equipment' });
    await section.getByText('None: only a provider is needed.').waitFor();
    await section.getByRole('button', { name: '+ Add room or equipment' }).click();
    await section.getByLabel('Pool (requirement 1)').fill('Treatment Room');
    await section.getByLabel('Units').fill('0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    // Both problems at their fields, found by the page (the server's paths), focus on the first.
    await page.getByRole('alert').filter({ hasText: 'Please correct the marked fields' }).waitFor();
    expect(await page.locator('#req-0-pool-error').textContent()).toBe('lower-case letters, digits and dashes, e.g. treatment-room');
    expect(await page.locator('#req-0-count-error').textContent()).toBe('at least 1');
    expect(await page.locator(':focus').getAttribute('id')).toBe('req-0-pool');

    await section.getByLabel('Pool (requirement 1)').fill('treatment-room');
    await section.getByLabel('Units').fill('1');
    // No unit is in that pool yet: the row says what that means.
    expect(await page.locator('#req-0-pool-hint').textContent()).toContain('no unit is in “treatment-room” yet: the service offers no slots');
    await screenshot(page, 'admin-resources-service-requirement');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved.');
    const saved = await adminApi<{ requiredResources: unknown }>(stack, 'GET', `/v1/admin/services/${service}`);
    expect(saved.requiredResources).toEqual([{ pool: 'treatment-room', count: 1 }]);
    expect(await slots(day1)).toEqual([]);
  });

  it('the list warns about the empty pool; adding a room (problems at their fields) brings the slots back', { timeout: 90_000 }, async () => {
    await nav('Rooms & equipment');
    await page.getByRole('heading', { name: 'Rooms & equipment' }).waitFor();
    const warning = page.getByTestId('pool-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('treatment-room: required by Massage');
    expect(await page.locator('tr[data-pool="treatment-room"]').textContent()).toContain('none: its services offer no slots');

    await page.getByLabel('Name', { exact: true }).fill('Room 1');
    await page.getByLabel('Pool', { exact: true }).fill('Treatment Room');
    await page.getByRole('button', { name: 'Add unit' }).click();
    expect(await page.locator('#unit-pool-error').textContent()).toBe('lower-case letters, digits and dashes, e.g. treatment-room');
    await page.getByLabel('Pool', { exact: true }).fill('treatment-room');
    await page.getByRole('button', { name: 'Add unit' }).click();
    await status('Room 1 added to treatment-room.');
    await warning.waitFor({ state: 'detached' });
    const unitLink = page.getByRole('link', { name: 'Room 1', exact: true });
    roomId = (await unitLink.getAttribute('href'))!.split('/').pop()!;
    expect(await page.locator('tr[data-pool="treatment-room"] td').nth(1).textContent()).toBe('1');

    // The same name again in that pool: the server's 409 lands at the name field (the pool stays filled in).
    expect(await page.getByLabel('Pool', { exact: true }).inputValue()).toBe('treatment-room');
    await page.getByLabel('Name', { exact: true }).fill('Room 1');
    await page.getByRole('button', { name: 'Add unit' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server did not accept the unit' }).waitFor();
    expect(await page.locator('#unit-name-error').textContent()).toBe('is already used in this pool');
    expect(await page.locator(':focus').getAttribute('id')).toBe('unit-name');
    await screenshot(page, 'admin-resources-list');

    const list = await adminApi<{ resources: { name: string; pool: string; active: boolean }[] }>(stack, 'GET', '/v1/admin/resources');
    expect(list.resources.map((r) => [r.name, r.pool, r.active])).toEqual([['Room 1', 'treatment-room', true]]);
    expect(await slots(day1)).toHaveLength(FULL_DAY);
  });

  it('a whole-day block of the room removes exactly that day’s slots; removing it brings them back', { timeout: 90_000 }, async () => {
    // A booking that takes the room on day 1 at 10:00.
    const res = await fetch(`${stack.baseUrl}/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceId: service,
        start: new Date(at(day1, '10:00')).toISOString(),
        timeZone: ZONE,
        customer: { name: 'Grace Guest', email: 'grace@example.com' },
      }),
    });
    expect(res.status).toBe(201);
    booking = (await res.json()) as { id: string; manageUrl: string };
    const held = await adminApi<{ resources: { id: string; name: string }[] }>(stack, 'GET', `/v1/admin/bookings/${booking.id}`);
    expect(held.resources).toEqual([expect.objectContaining({ id: roomId, name: 'Room 1' })]);
    expect(await slots(day1)).toHaveLength(FULL_DAY - 1);
    expect(await slots(day2)).toHaveLength(FULL_DAY);

    await page.getByRole('link', { name: 'Room 1', exact: true }).click();
    await page.getByRole('heading', { name: /Room 1/, level: 1 }).waitFor();
    await page.getByText('No blocks.').waitFor();
    // The form starts as the whole of today; moving its start date to day 2 moves the end along.
    expect(await page.getByLabel('From (date)').inputValue()).toBe(today);
    await page.getByLabel('From (date)').fill(day2);
    expect(await page.getByLabel('Until (date)').inputValue()).toBe(addDays(day2, 1));
    await page.getByLabel('Reason (optional)').fill('Deep clean');
    await page.getByRole('button', { name: 'Add block' }).click();
    await page.getByText(/^Blocked .*00:00–24:00\.$/).waitFor();
    const blocks = page.getByRole('table', { name: 'Blocks' });
    await blocks.waitFor();
    expect(await blocks.textContent()).toContain('Deep clean');

    const apiBlocks = await adminApi<{ blocks: { start: string; end: string }[] }>(stack, 'GET', `/v1/admin/resources/${roomId}/blocks`);
    expect(apiBlocks.blocks.map((b) => [Date.parse(b.start), Date.parse(b.end)])).toEqual([[at(day2, '00:00'), at(addDays(day2, 1), '00:00')]]);
    expect(await slots(day2)).toEqual([]);
    expect(await slots(day1)).toHaveLength(FULL_DAY - 1);
    await screenshot(page, 'admin-resources-room');

    // The day view on day 2: no booking, the block.
    await page.getByLabel(`Day (${ZONE})`).fill(day2);
    const view = page.locator(`[data-testid="day-view"][data-date="${day2}"]`);
    await view.waitFor();
    expect(await view.textContent()).toContain('No booking holds it that day.');
    expect(await view.textContent()).toContain('Deep clean');

    await page.getByRole('button', { name: /^Remove block/ }).click();
    await page.getByText('No blocks.').waitFor();
    expect(await slots(day2)).toHaveLength(FULL_DAY);
  });

  it('the day view lists the booking holding the room; its detail, the list and the manage page name the room', { timeout: 90_000 }, async () => {
    await page.getByRole('button', { name: 'Previous day' }).click();
    expect(await page.getByLabel(`Day (${ZONE})`).inputValue()).toBe(day1);
    const table = page.locator(`[data-testid="day-view"][data-date="${day1}"]`).getByRole('table', { name: 'Bookings holding Room 1' });
    await table.waitFor();
    const row = table.locator(`tr[data-booking-id="${booking.id}"]`);
    const b = await adminApi<{ status: string }>(stack, 'GET', `/v1/admin/bookings/${booking.id}`);
    const text = await row.textContent();
    for (const part of ['10:00–11:00', 'Massage', 'Dr. Ada', 'Grace Guest']) expect(text).toContain(part);
    expect(await row.locator('.badge').getAttribute('class')).toBe(`badge ${b.status}`);
    await screenshot(page, 'admin-resources-day-view');

    await row.getByRole('link', { name: '10:00–11:00' }).click();
    await page.waitForURL(`**/admin/bookings/${booking.id}`);
    const resources = page.getByTestId('resources');
    await resources.waitFor();
    expect(await resources.textContent()).toBe('Room 1');
    expect(await resources.getByRole('link', { name: 'Room 1' }).getAttribute('href')).toBe(`/admin/resources/${roomId}`);
    await screenshot(page, 'admin-resources-booking-detail');

    await page.goto(`${stack.baseUrl}/admin/bookings?view=list&from=${day1}&to=${day1}`);
    const listRow = page.locator(`tr[data-booking-id="${booking.id}"]`);
    await listRow.waitFor();
    expect(await listRow.textContent()).toContain('Room 1');
    await page.goto(`${stack.baseUrl}/admin/bookings?view=day&date=${day1}`);
    const event = page.locator(`a.bk-event[data-booking-id="${booking.id}"]`);
    await event.waitFor();
    expect(await event.getAttribute('aria-label')).toMatch(/^10:00–11:00 Grace Guest, Massage with Dr\. Ada, Room 1, /);
    expect(await event.textContent()).toContain('Massage · Room 1');

    const manage = await context.newPage();
    await manage.goto(booking.manageUrl);
    await manage.getByRole('heading', { name: 'Your booking' }).waitFor();
    await expect.poll(() => manage.getByTestId('resources').textContent()).toBe('Room 1');
    expect(await manage.locator('.mg-summary').textContent()).toContain('Room & equipmentRoom 1');
    await screenshot(manage, 'admin-resources-manage-page');
    await manage.close();
  });

  it('deactivating the room leaves the service without slots; the list warns again', { timeout: 90_000 }, async () => {
    await page.goto(`${stack.baseUrl}/admin/resources/${roomId}`);
    await page.getByLabel('Active (for new bookings)').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved.');
    expect((await adminApi<{ active: boolean }>(stack, 'GET', `/v1/admin/resources/${roomId}`)).active).toBe(false);
    expect(await slots(day2)).toEqual([]);
    await nav('Rooms & equipment');
    await page.getByTestId('pool-warning').waitFor();
    expect(await page.getByRole('row', { name: /Room 1/ }).textContent()).toContain('inactive');
  });

  it('the screens at phone width (390 px)', { timeout: 90_000 }, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.baseUrl}/admin/resources`);
    await page.getByRole('heading', { name: 'Add a unit' }).waitFor();
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-resources-list-390');
    await page.goto(`${stack.baseUrl}/admin/resources/${roomId}`);
    await page.getByRole('heading', { name: 'Bookings on a day' }).waitFor();
    await page.getByLabel(`Day (${ZONE})`).fill(day1);
    await page.locator(`[data-testid="day-view"][data-date="${day1}"]`).getByRole('table', { name: 'Bookings holding Room 1' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-resources-room-390');
    await page.goto(`${stack.baseUrl}/admin/services/${service}`);
    await page.getByLabel('Pool (requirement 1)').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-resources-service-390');
    await page.getByRole('group', { name: 'Rooms & equipment' }).screenshot({ path: path.join(SCREENSHOT_DIR, 'admin-resources-service-section-390.png') });
  });
});
