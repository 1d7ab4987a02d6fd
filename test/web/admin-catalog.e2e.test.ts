/**
 * The admin catalog screens in Chromium against the real stack (gateway + worker + PGlite + Temporal):
 * a provider with weekly hours and a service with two intake questions are created through the UI and
 * checked through the admin API; a server-side 422 lands at its field; an edit sends only the changed
 * field; "Block this afternoon" removes exactly the afternoon's slots from GET /v1/availability;
 * "Open Saturday" (edited) adds Saturday slots; a day off is added and deleted again.
 *
 * "Now" is pinned (test/support/clock.ts): the gateway's clock and Chromium's both answer TEST_NOW, and
 * no workflow runs here, so any instant works — `npm run test:clock-sweep` runs this file at the hard ones.
 * The provider's zone is chosen so that it is between 01:00 and 07:59 there at TEST_NOW: "this
 * afternoon" then lies wholly in the future and its slots are all on offer before the block. Such a zone
 * exists at every instant (zones span UTC−12 to UTC+14). The provider works 09:00–12:00 and 13:00–17:00
 * on weekdays and Sundays, so "this afternoon" is the same whatever day today is there; Saturday is off —
 * unless every such zone is on a Saturday (Friday evening UTC): then Saturdays get the same hours too,
 * and "Open Saturday" opens the Saturday after.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, isoWeekday, localDate, localParts, localToInstant, offsetMinutes } from '../../src/domain/time/zones.ts';
import { launchBrowser, screenshot, SCREENSHOT_DIR, skipBrowser } from '../support/browser.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';

type Slot = { start: string; end: string; providerId: string };

/** A zone where it is early morning at `now` (and no DST change within a day); preferably not a Saturday there. */
function earlyMorningZone(now: number): { zone: string; saturday: boolean } {
  const zones = Intl.supportedValuesOf('timeZone').filter((z) => {
    const h = localParts(now, z).hour;
    return h >= 1 && h <= 7 && offsetMinutes(now, z) === offsetMinutes(now + 86_400_000, z);
  });
  const notSaturday = zones.find((z) => isoWeekday(localDate(now, z)) !== 6);
  const zone = notSaturday ?? zones[0];
  if (!zone) throw new Error('no zone at early morning now');
  return { zone, saturday: !notSaturday };
}

describe.skipIf(skipBrowser())('admin catalog screens', () => {
  let stack: WebStack;
  let browser: Browser;
  let page: Page;
  const { zone, saturday } = earlyMorningZone(TEST_NOW);
  const today = localDate(TEST_NOW, zone);
  const state: { providerId?: string; serviceId?: string } = {};

  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(stack.baseUrl + url, {
      method,
      headers: { authorization: `Bearer ${stack.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, `${method} ${url}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const slots = async (from: string, to: string): Promise<Slot[]> => {
    const res = await fetch(`${stack.baseUrl}/v1/availability?serviceId=${state.serviceId}&from=${from}&to=${to}&timeZone=${encodeURIComponent(zone)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { slots: Slot[] }).slots;
  };
  const at = (date: string, hhmm: string) => localToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), zone, 'next')!;
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

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

  it('creates a provider with weekly hours; a server 422 is shown at its field', { timeout: 90_000 }, async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Providers' }).click();
    await page.getByRole('link', { name: 'New provider' }).click();
    await page.getByRole('heading', { name: 'New provider' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Dr. Ada Lovelace');
    // Passes the page's obvious check, not the server's (a one-letter top-level domain).
    await page.getByLabel('E-mail', { exact: true }).fill('ada@example.c');
    await page.getByLabel('Phone (optional)').fill('+49 30 1234567');
    // The zone combobox: typed (its IANA name), the first match taken with Enter.
    const zoneBox = page.getByRole('combobox', { name: 'Time zone' });
    await zoneBox.fill(zone);
    await expect.poll(() => page.getByRole('option').first().getAttribute('data-zone')).toBe(zone);
    await screenshot(page, 'admin-catalog-zone-search');
    await zoneBox.press('Enter');
    expect(await zoneBox.inputValue()).toMatch(new RegExp(`^${zone.split('/').pop()!.replace(/_/g, ' ')} — `));

    // Monday 09:00–12:00 and 13:00–17:00, copied to the weekdays; Sunday the same.
    await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    expect(await page.getByLabel('Monday from (range 1)', { exact: true }).inputValue()).toBe('09:00');
    await page.getByLabel('Monday until (range 1)', { exact: true }).fill('12:00');
    await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    expect(await page.getByLabel('Monday from (range 2)', { exact: true }).inputValue()).toBe('12:00');
    await page.getByLabel('Monday from (range 2)', { exact: true }).fill('13:00');
    await page.getByLabel('Monday until (range 2)', { exact: true }).fill('17:00');
    await page.getByRole('button', { name: 'Copy Monday to weekdays' }).click();
    expect(await page.getByLabel('Friday until (range 2)', { exact: true }).inputValue()).toBe('17:00');
    // Sunday too, split the same way: "today" may be a Sunday in the zone (e.g. at 01:30 UTC on a Sunday).
    await page.getByRole('button', { name: 'Add hours on Sunday' }).click();
    await page.getByLabel('Sunday until (range 1)', { exact: true }).fill('12:00');
    await page.getByRole('button', { name: 'Add hours on Sunday' }).click();
    await page.getByLabel('Sunday from (range 2)', { exact: true }).fill('13:00');
    await page.getByLabel('Sunday until (range 2)', { exact: true }).fill('17:00');
    if (saturday) {
      // Today is a Saturday in the zone: it gets the weekday hours, so "this afternoon" is the same.
      await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
      await page.getByLabel('Saturday until (range 1)', { exact: true }).fill('12:00');
      await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
      await page.getByLabel('Saturday from (range 2)', { exact: true }).fill('13:00');
      await page.getByLabel('Saturday until (range 2)', { exact: true }).fill('17:00');
    }
    await screenshot(page, 'admin-catalog-provider-editor');

    await page.getByRole('button', { name: 'Create provider' }).click();
    const email = page.getByLabel('E-mail', { exact: true });
    await page.getByRole('alert').filter({ hasText: 'The server did not accept the provider' }).waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#prov-email-error').textContent()).toMatch(/e-?mail/i);
    expect(await page.locator(':focus').getAttribute('id')).toBe('prov-email');

    await email.fill('ada@example.com');
    await page.getByRole('button', { name: 'Create provider' }).click();
    await status('Provider created');
    await page.waitForURL(/\/admin\/providers\/[0-9a-f-]{36}$/);
    state.providerId = page.url().split('/').pop()!;

    const p = await api<{ name: string; email: string; phone: string; timeZone: string; weeklyHours: Record<string, [string, string][]>; active: boolean }>(
      'GET',
      `/v1/admin/providers/${state.providerId}`,
    );
    const day = [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ];
    expect(p).toMatchObject({ name: 'Dr. Ada Lovelace', email: 'ada@example.com', phone: '+49 30 1234567', timeZone: zone, active: true });
    expect(p.weeklyHours).toEqual({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: saturday ? day : [], sun: day });

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Providers' }).click();
    await page.getByRole('link', { name: 'Dr. Ada Lovelace' }).waitFor();
    expect(await page.getByRole('row', { name: /Dr\. Ada Lovelace/ }).textContent()).toContain(zone);
    await screenshot(page, 'admin-catalog-providers-list');
  });

  it('creates a service with two intake questions (one a choice) through the builder', { timeout: 90_000 }, async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Services' }).click();
    await page.getByRole('link', { name: 'New service' }).click();
    await page.getByRole('heading', { name: 'New service' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Consultation');
    await page.getByLabel('Description').fill('A first talk');
    await page.getByLabel('Duration (minutes)').fill('30');
    await page.getByLabel('Dr. Ada Lovelace').check();
    await page.getByLabel('Reminder 2', { exact: true }).fill('2 h');
    await page.getByLabel('Cancel notice').fill('1 d');

    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question 1 Label', { exact: true }).fill('Reason for visit');
    expect(await page.getByLabel('Question 1 Key', { exact: true }).inputValue()).toBe('reason_for_visit');
    await page.getByLabel('Question 1 type').selectOption('textarea');
    await page.getByLabel('Question 1 required').check();
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question 2 Label', { exact: true }).fill('Insurance');
    await page.getByLabel('Question 2 type').selectOption('select');

    // A choice without options is refused here, at its field, before anything is sent.
    await page.getByRole('button', { name: 'Create service' }).click();
    const options = page.getByLabel('Question 2 options');
    await page.getByRole('alert').filter({ hasText: 'Question 2 options' }).waitFor();
    expect(await options.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(':focus').getAttribute('aria-invalid')).toBe('true');
    await options.fill('Public\nPrivate');
    // Editing the field clears its (now stale) problem and, with none left, the summary.
    expect(await options.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('alert').count()).toBe(0);
    const preview = page.getByRole('listitem', { name: 'Question 2' }).locator('.cat-preview select option');
    expect(await preview.allTextContents()).toEqual(['Choose…', 'Public', 'Private']);
    // Insurance first: moved up with the keyboard.
    await page.getByRole('button', { name: 'Move question 2 up' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Question 1 Label', { exact: true }).inputValue()).toBe('Insurance');
    await page
      .locator('fieldset', { has: page.getByText('Intake form', { exact: true }) })
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'admin-catalog-intake-builder.png') });
    await screenshot(page, 'admin-catalog-service-editor');

    await page.getByRole('button', { name: 'Create service' }).click();
    await status('Service created');
    await page.waitForURL(/\/admin\/services\/[0-9a-f-]{36}$/);
    state.serviceId = page.url().split('/').pop()!;
    const s = await api<Record<string, unknown>>('GET', `/v1/admin/services/${state.serviceId}`);
    expect(s).toMatchObject({
      name: 'Consultation',
      description: 'A first talk',
      durationMinutes: 30,
      providerIds: [state.providerId],
      reminderOffsetsMinutes: [1440, 120],
      reminderChannels: ['email'],
      cancelNoticeMinutes: 1440,
      requiresApproval: false,
      active: true,
    });
    expect(s.intakeFields).toEqual([
      { key: 'insurance', label: 'Insurance', type: 'select', required: false, options: ['Public', 'Private'] },
      { key: 'reason_for_visit', label: 'Reason for visit', type: 'textarea', required: true },
    ]);
  });

  it('edits one field of the service and sends only that field', { timeout: 60_000 }, async () => {
    const patches: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH') patches.push(r.postDataJSON());
    });
    const before = await api<Record<string, unknown>>('GET', `/v1/admin/services/${state.serviceId}`);
    // After "Create service" the page moves to the service's URL and loads it; until then the new-service form
    // is still shown, and an edit made in it is replaced by the loaded service (a clock-sweep run on a loaded
    // machine typed into it and then met "Nothing changed").
    await page.getByRole('heading', { name: 'Edit Consultation' }).waitFor();
    await page.getByLabel('Buffer after (minutes)').fill('15');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved');
    expect(patches).toEqual([{ bufferAfterMinutes: 15 }]);
    const after = await api<Record<string, unknown>>('GET', `/v1/admin/services/${state.serviceId}`);
    expect(after).toEqual({ ...before, bufferAfterMinutes: 15, updatedAt: after.updatedAt });
    expect(after.updatedAt).not.toBe(before.updatedAt);
    // Saving again without edits sends nothing.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Nothing changed');
    expect(patches).toHaveLength(1);
    // The grid rule: a select, saved like any field.
    expect(await page.getByLabel('Start times').inputValue()).toBe('restart');
    await page.getByLabel('Start times').selectOption('fixed');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved');
    expect(patches[1]).toEqual({ slotAlignment: 'fixed' });
    expect((await api<Record<string, unknown>>('GET', `/v1/admin/services/${state.serviceId}`)).slotAlignment).toBe('fixed');
    await page.reload();
    expect(await page.getByLabel('Start times').inputValue()).toBe('fixed');
    await page.getByLabel('Start times').selectOption('restart');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved');
    expect(patches.at(-1)).toEqual({ slotAlignment: 'restart' });
    // Seats per session (#19 item 2): 1 is one-to-one; more makes a group class, saved like any field.
    expect(await page.getByLabel('Seats per session').inputValue()).toBe('1');
    await page.getByLabel('Seats per session').fill('0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.getByLabel('Seats per session').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Seats per session').fill('8');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved');
    expect(patches.at(-1)).toEqual({ seats: 8 });
    expect((await api<Record<string, unknown>>('GET', `/v1/admin/services/${state.serviceId}`)).seats).toBe(8);
    await page.reload();
    expect(await page.getByLabel('Seats per session').inputValue()).toBe('8');
    await page.getByLabel('Seats per session').fill('1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Changes saved');
    expect(patches.at(-1)).toEqual({ seats: 1 });

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Services' }).click();
    const row = page.getByRole('row', { name: /Consultation/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Dr. Ada Lovelace');
    expect(await row.textContent()).toContain('30 min');
    await screenshot(page, 'admin-catalog-services-list');
  });

  it('"Block this afternoon" removes exactly the afternoon slots from availability', { timeout: 90_000 }, async () => {
    const to = addDays(today, 13);
    const before = await slots(today, to);
    const blockStart = at(today, '12:00');
    const blockEnd = at(today, '17:00');
    const inBlock = (s: Slot) => Date.parse(s.start) < blockEnd && Date.parse(s.end) > blockStart;
    const expectedGone = before.filter(inBlock);
    // 30 min + 15 min buffer after, stepping 45 min from 13:00: 13:00, 13:45, 14:30, 15:15, 16:00.
    expect(expectedGone.map((s) => Date.parse(s.start))).toEqual(['13:00', '13:45', '14:30', '15:15', '16:00'].map((t) => at(today, t)));

    await page.goto(`${stack.baseUrl}/admin/providers/${state.providerId}`);
    await page.getByRole('heading', { name: 'Overrides' }).waitFor();
    await page.getByText('Today 12:00–17:00').waitFor();
    await page.getByRole('button', { name: 'Block this afternoon' }).click();
    expect(await page.locator('#range-date').inputValue()).toBe(today);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('12:00');
    expect(await page.getByLabel('Until', { exact: true }).inputValue()).toBe('17:00');
    expect(await page.getByLabel('Block (not bookable)').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Add block' }).click();
    await page.getByText(`Blocked ${today} 12:00–17:00.`).waitFor();
    await page
      .getByRole('table', { name: 'Overrides' })
      .getByRole('row', { name: /Blocked/ })
      .waitFor();

    const overrides = (
      await api<{ overrides: { kind: string; start: string; end: string; reason: string }[] }>('GET', `/v1/admin/providers/${state.providerId}/overrides`)
    ).overrides;
    expect(overrides).toHaveLength(1);
    expect(overrides[0]).toMatchObject({ kind: 'block', reason: 'Blocked this afternoon' });
    expect([Date.parse(overrides[0]!.start), Date.parse(overrides[0]!.end)]).toEqual([blockStart, blockEnd]);

    const after = await slots(today, to);
    expect(after).toEqual(before.filter((s) => !inBlock(s)));
    expect(before.length - after.length).toBe(5);
  });

  it('the booking widget no longer offers the blocked afternoon', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext({ locale: 'en-GB', timezoneId: zone, viewport: { width: 900, height: 900 } });
    await pinBrowserClock(ctx);
    try {
      const widget = await ctx.newPage();
      await widget.goto(`${stack.baseUrl}/book/${state.serviceId}?tz=${encodeURIComponent(zone)}`);
      const day = widget.locator(`[data-date="${today}"]`);
      await day.waitFor();
      await day.click();
      const times = widget.getByRole('group', { name: /^Times on/ }).getByRole('button');
      await times.first().waitFor();
      const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
      const left = await slots(today, today);
      // The morning only: 09:00–12:00 at 30 min + 15 min buffer.
      expect(left.map((s) => Date.parse(s.start))).toEqual(['09:00', '09:45', '10:30', '11:15'].map((t) => at(today, t)));
      const expected = left.map((s) => hhmm.format(Date.parse(s.start)));
      expect(await times.allTextContents()).toEqual(expected);
      await screenshot(widget, 'admin-catalog-widget-after-block');
    } finally {
      await ctx.close();
    }
  });

  it('"Open Saturday" (edited to 15:00) adds Saturday slots; a day off is added and deleted', { timeout: 90_000 }, async () => {
    await page.getByRole('button', { name: 'Open Saturday' }).click();
    const saturdayDate = await page.locator('#range-date').inputValue();
    expect(isoWeekday(saturdayDate)).toBe(6);
    expect(saturdayDate > today).toBe(true);
    expect(await page.getByLabel('Open extra hours').isChecked()).toBe(true);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('10:00');
    await page.getByLabel('Until', { exact: true }).fill('15:00');
    const satBefore = await slots(saturdayDate, saturdayDate);
    await page.getByRole('button', { name: 'Add extra hours' }).click();
    await page.getByText(`Opened ${saturdayDate} 10:00–15:00.`).waitFor();
    const satAfter = await slots(saturdayDate, saturdayDate);
    if (!saturday) {
      // Saturday is off in the weekly hours: the only slots are the opened ones, stepping 45 min from
      // 10:00; the last (14:30–15:00) ends at 15:00, its after-buffer may lie outside.
      expect(satBefore).toEqual([]);
      expect(satAfter.map((s) => Date.parse(s.start))).toEqual(['10:00', '10:45', '11:30', '12:15', '13:00', '13:45', '14:30'].map((t) => at(saturdayDate, t)));
    } else {
      expect(satAfter.length).toBeGreaterThanOrEqual(satBefore.length);
    }

    // Day off on the next working day after today that is not that Saturday.
    let dayOff = addDays(today, 1);
    while (isoWeekday(dayOff) === 6) dayOff = addDays(dayOff, 1);
    const offBefore = await slots(dayOff, dayOff);
    expect(offBefore.length).toBeGreaterThan(0);
    await page.locator('#hours-date').fill(dayOff);
    await page.getByLabel('Day off').check();
    await page.getByRole('button', { name: 'Make it a day off' }).click();
    await page.getByText(`${dayOff} is now a day off.`).waitFor();
    expect(await slots(dayOff, dayOff)).toEqual([]);
    const table = page.getByRole('table', { name: 'Overrides' });
    await table.getByRole('row', { name: /Day off/ }).waitFor();
    expect(await table.getByRole('row').count()).toBe(4); // header + block + open + day off
    await screenshot(page, 'admin-catalog-overrides');

    await table.getByRole('button', { name: /Delete override Day off/ }).click();
    await page.getByText('Override deleted.').waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    expect(await slots(dayOff, dayOff)).toEqual(offBefore);

    // The same screen at phone width.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'admin-catalog-provider-phone');
  });
});
