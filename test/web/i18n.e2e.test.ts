/**
 * The customer pages in German and the customer's one phone field (#20 item 5), in Chromium against the
 * real stack: `?locale=de` shows German labels through the whole booking flow (services → provider →
 * time → details → confirmation) and on the manage page, at a phone's width and a desktop's; a browser
 * that prefers German gets German without the parameter; and a service whose built-in phone is required
 * and labelled "Mobile phone" shows it marked required (the e-mail then optional), refuses a booking
 * without it in the page, and stores the number as the booking's phone.
 *
 * "Now" is pinned (pinBrowserClock + the stack's clock, test/support/clock.ts); the days booked are next
 * month's (web-seed.ts). Screenshots go to $SHOTS_DIR (default test-artifacts/screenshots).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, at, createProvider, createService, nextMonthDays, ZONE } from './web-seed.ts';

/** The page's window (the tests compile without the DOM lib). */
type Win = { getComputedStyle(e: unknown, pseudo?: string): { content: string } };

const SHOTS = process.env['SHOTS_DIR'] ?? SCREENSHOT_DIR;
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const VIEWPORTS = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1100, height: 800 }],
] as const;

describe.skipIf(skipBrowser())('customer pages in German; the one phone field', () => {
  let stack: WebStack;
  let browser: Browser;
  let ada: string;
  let grace: string;
  let yoga: string;
  let massage: string;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ada = await createProvider(stack, 'Dr. Ada');
    grace = await createProvider(stack, 'Dr. Grace');
    yoga = await createService(stack, {
      name: 'Yoga',
      providerIds: [ada, grace],
      seats: 8,
      intakeFields: [{ key: 'level', label: 'Erfahrung', type: 'select', required: true, options: ['Neu', 'Fortgeschritten'] }],
    });
    massage = await createService(stack, {
      name: 'Massage',
      providerIds: [grace],
      customerFields: { email: { required: false, label: null }, phone: { required: true, label: 'Mobile phone' } },
      intakeFields: [{ key: 'notes', label: 'Notes', type: 'textarea', required: false }],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function context(viewport: { width: number; height: number }, locale = 'en-GB'): Promise<BrowserContext> {
    const ctx = await browser.newContext({ timezoneId: ZONE, locale, viewport });
    await pinBrowserClock(ctx);
    return ctx;
  }

  /** Next month's second day in the picker, German labels ("Nächster Monat"). */
  async function pickSecondDay(page: Page, nextMonth: string) {
    const { first, second } = nextMonthDays();
    await page.locator('[data-date][aria-pressed="true"]').first().waitFor();
    if ((await page.locator(`[data-date="${first}"]`).count()) === 0) await page.getByRole('button', { name: nextMonth }).click();
    await page.locator(`[data-date="${second}"]`).click();
    await expect.poll(() => page.locator(`[data-date="${second}"]`).getAttribute('aria-pressed')).toBe('true');
    return second;
  }

  for (const [name, viewport] of VIEWPORTS) {
    it(`?locale=de: the booking flow and the manage page speak German (${name})`, { timeout: 120_000 }, async () => {
      const ctx = await context(viewport);
      try {
        const page = await ctx.newPage();
        await page.goto(`${stack.baseUrl}/book?locale=de`);
        await page.getByRole('heading', { name: 'Termin buchen', level: 1 }).waitFor();
        await page.getByRole('heading', { name: 'Leistung wählen' }).waitFor();
        // Plural-aware: "Gruppenkurs · 8 Plätze"; minutes as "30 Min.".
        await expect.poll(() => page.getByRole('button', { name: /Yoga/ }).textContent()).toContain('30 Min. · Gruppenkurs · 8 Plätze');
        await shot(page, `de-1-services-${name}`);
        await page.getByRole('button', { name: /Yoga/ }).click();

        await page.getByRole('heading', { name: 'Zu wem möchten Sie?' }).waitFor();
        await page.getByRole('button', { name: 'Egal, wer frei ist' }).waitFor();
        expect(await page.getByRole('button', { name: /Andere Leistung/ }).count()).toBe(1);
        await shot(page, `de-2-provider-${name}`);
        await page.getByRole('button', { name: 'Dr. Ada' }).click();

        await page.getByRole('heading', { name: 'Tag und Uhrzeit wählen' }).waitFor();
        expect(await page.getByLabel('Zeitzone').inputValue()).toBe(ZONE);
        expect(await page.getByRole('button', { name: 'Vorheriger Monat' }).count()).toBe(1);
        const day = await pickSecondDay(page, 'Nächster Monat');
        const ten = page.getByRole('button', { name: /^10:30/ });
        await ten.waitFor();
        expect(await ten.textContent()).toContain('8 Plätze frei');
        expect(await page.getByRole('group', { name: /^Zeiten am / }).count()).toBe(1);
        await shot(page, `de-3-times-${name}`);
        await ten.click();

        await page.getByRole('heading', { name: 'Ihre Angaben' }).waitFor();
        await page.getByRole('button', { name: 'Verbindlich buchen' }).waitFor();
        // Required fields marked, optional ones say so — in German.
        expect(await page.locator('label[for="sf-c-phone"]').textContent()).toBe('Telefon (optional)');
        expect(await page.locator('label[for="sf-c-email"]').textContent()).toBe('E-Mail');
        expect(await page.locator('label[for="sf-c-email"]').getAttribute('class')).toBe('sf-required');
        expect(await page.locator('#sf-c-email').getAttribute('aria-required')).toBe('true');
        await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
        await expect.poll(() => page.locator('#sf-c-name-err').textContent()).toBe('ist ein Pflichtfeld');
        expect(await page.locator('#sf-i-level-err').textContent()).toBe('ist ein Pflichtfeld');
        await page.locator('#sf-c-email').fill('kein-at');
        await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
        await expect.poll(() => page.locator('#sf-c-email-err').textContent()).toContain('muss eine E-Mail-Adresse sein');
        await shot(page, `de-4-details-${name}`);
        await page.locator('#sf-c-name').fill('Anna Muster');
        await page.locator('#sf-c-email').fill(`anna-${name}@example.com`);
        await page.locator('#sf-i-level').selectOption('Neu');
        await page.getByRole('button', { name: 'Verbindlich buchen' }).click();

        await page.getByRole('heading', { name: 'Buchung bestätigt' }).waitFor();
        const summary = page.locator('.sf-summary');
        await expect.poll(() => summary.textContent()).toContain('Yoga bei Dr. Ada');
        expect(await summary.textContent()).toContain('1 Platz in diesem Gruppenkurs (8 Plätze pro Termin)');
        expect(await page.locator('.sf-summary .badge').textContent()).toBe('bestätigt');
        // German dates: the weekday and month by name.
        expect(await summary.textContent()).toMatch(/(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. /);
        const manage = page.getByRole('link', { name: 'Buchung verwalten' });
        const manageUrl = await manage.getAttribute('href');
        expect(manageUrl).toBeTruthy();
        await shot(page, `de-5-confirmation-${name}`);
        expect(
          Date.parse(((await adminApi(stack, 'GET', `/v1/admin/bookings?serviceId=${yoga}`)) as { bookings: { start: string }[] }).bookings[0]!.start),
        ).toBe(at(day, '10:30'));

        // The manage page, in German too.
        await page.goto(`${manageUrl}?locale=de`);
        await page.getByRole('heading', { name: 'Ihre Buchung' }).waitFor();
        const mg = page.locator('.mg-summary');
        await expect.poll(() => mg.textContent()).toContain('Yoga bei Dr. Ada');
        expect(await page.locator('.mg-summary .badge').textContent()).toBe('bestätigt');
        for (const label of ['Was', 'Wann', 'Name', 'Status']) expect(await mg.locator('dt', { hasText: label }).count()).toBeGreaterThan(0);
        await page.getByRole('button', { name: 'Verschieben' }).waitFor();
        await shot(page, `de-6-manage-${name}`);
        await page.getByRole('button', { name: 'Verschieben' }).click();
        await page.getByRole('heading', { name: 'Neue Uhrzeit wählen' }).waitFor();
        await page.getByRole('button', { name: 'Uhrzeit beibehalten' }).waitFor();
        await page.getByRole('button', { name: 'Uhrzeit beibehalten' }).click();
        await page.getByRole('button', { name: 'Buchung absagen' }).click();
        await page.getByRole('heading', { name: 'Diese Buchung absagen?' }).waitFor();
        expect(await page.locator('label[for="mg-reason"]').textContent()).toBe('Grund (optional)');
        await shot(page, `de-7-manage-cancel-${name}`);
        await page.getByRole('button', { name: 'Ja, Buchung absagen' }).click();
        await page.getByText('Diese Buchung ist abgesagt').waitFor();
        await page.getByRole('link', { name: 'Erneut buchen' }).waitFor();
        await shot(page, `de-8-manage-cancelled-${name}`);

        // A dead link: German title and the "e-mail me my link" form.
        await page.goto(`${stack.baseUrl}/manage/not-a-token?locale=de`);
        await page.getByRole('heading', { name: 'Dieser Link ist ungültig' }).waitFor();
        await page.getByRole('heading', { name: 'Link per E-Mail schicken' }).waitFor();
        await shot(page, `de-9-manage-dead-link-${name}`);
      } finally {
        await ctx.close();
      }
    });
  }

  it('a browser that prefers German gets German without ?locale=; ?locale=en keeps English', async () => {
    const ctx = await context({ width: 900, height: 700 }, 'de-DE');
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.baseUrl}/book`);
      await page.getByRole('heading', { name: 'Leistung wählen' }).waitFor();
      await page.goto(`${stack.baseUrl}/book?locale=en`);
      await page.getByRole('heading', { name: 'Choose a service' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('a required phone labelled "Mobile phone" is marked required, refused when missing, and is the booking’s phone', { timeout: 90_000 }, async () => {
    const ctx = await context({ width: 390, height: 844 });
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.baseUrl}/book/${massage}`);
      await page.getByRole('heading', { name: 'Pick a day and time' }).waitFor();
      const day = await pickSecondDay(page, 'Next month');
      await page.getByRole('button', { name: '11:00', exact: true }).click();
      await page.getByRole('heading', { name: 'Your details' }).waitFor();

      const phone = page.locator('#sf-c-phone');
      const phoneLabel = page.locator('label[for="sf-c-phone"]');
      expect(await phoneLabel.textContent()).toBe('Mobile phone');
      // The visible marker: CSS generated " *" (empty alternative text: the control's aria-required says it).
      expect(await phoneLabel.evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el, '::after').content)).toContain('*');
      expect(await phone.getAttribute('aria-required')).toBe('true');
      expect(await phone.getAttribute('required')).not.toBeNull();
      // The phone is required, so the e-mail is optional here.
      expect(await page.locator('label[for="sf-c-email"]').textContent()).toBe('E-mail (optional)');
      expect(await page.locator('label[for="sf-c-email"]').getAttribute('class')).toBeNull();
      expect(await page.locator('#sf-c-email').getAttribute('aria-required')).toBe('false');
      expect(await page.getByLabel('Mobile phone', { exact: true }).count()).toBe(1);

      await page.locator('#sf-c-name').fill('Max Mobile');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await expect.poll(() => page.locator('#sf-c-phone-err').textContent()).toBe('is required');
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      await shot(page, 'phone-1-required-refused');
      const none = (await adminApi(stack, 'GET', `/v1/admin/bookings?serviceId=${massage}`)) as { bookings: unknown[] };
      expect(none.bookings).toHaveLength(0);

      // The server refuses it too: the e-mail made required after the page loaded lands at its field.
      await adminApi(stack, 'PATCH', `/v1/admin/services/${massage}`, {
        customerFields: { email: { required: true, label: null }, phone: { required: true, label: 'Mobile phone' } },
      });
      await phone.fill('+49 171 2345678');
      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await expect.poll(() => page.locator('#sf-c-email-err').textContent()).toBe('is required');
      await shot(page, 'phone-2-server-422');
      await adminApi(stack, 'PATCH', `/v1/admin/services/${massage}`, {
        customerFields: { email: { required: false, label: null }, phone: { required: true, label: 'Mobile phone' } },
      });

      await page.getByRole('button', { name: 'Confirm booking' }).click();
      await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
      await shot(page, 'phone-3-booked');
      const booked = (await adminApi(stack, 'GET', `/v1/admin/bookings?serviceId=${massage}`)) as {
        bookings: { start: string; customer: { phone: string | null; email: string | null }; intake: Record<string, unknown> }[];
      };
      expect(booked.bookings).toHaveLength(1);
      expect(booked.bookings[0]!.customer).toMatchObject({ phone: '+491712345678', email: null });
      expect(booked.bookings[0]!.intake).toEqual({});
      expect(Date.parse(booked.bookings[0]!.start)).toBe(at(day, '11:00'));
    } finally {
      await ctx.close();
    }
  });

  it('admin: the service editor makes the phone required and labels it; the intake builder refuses a phone question', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await pinBrowserClock(page);
      await page.goto(`${stack.baseUrl}/admin`);
      await page.getByLabel('Admin API key').fill(stack.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
      await page.goto(`${stack.baseUrl}/admin/services/${massage}`);
      const contact = page.getByTestId('customer-contact');
      await contact.waitFor();
      await expect.poll(() => page.getByLabel('Phone label').inputValue()).toBe('Mobile phone');
      expect(await page.getByLabel('Phone required').isChecked()).toBe(true);
      expect(await page.getByLabel('E-mail required').isChecked()).toBe(false);
      await page.getByLabel('E-mail label').fill('E-mail for the invoice');
      await contact.screenshot({ path: path.join(SHOTS, 'admin-1-customer-contact.png') });

      // A question asking for the phone again is refused, pointing to the built-in field.
      await page.getByRole('button', { name: 'Add question' }).click();
      await page.getByLabel('Question 2 Label', { exact: true }).fill('Handynummer');
      expect(await page.getByLabel('Question 2 type').locator('option[value="phone"]').count()).toBe(0);
      await page.getByRole('button', { name: 'Save changes' }).click();
      const refusal = page.getByRole('listitem', { name: 'Question 2' }).locator('.error-text');
      await expect.poll(() => refusal.textContent()).toContain('use the built-in Phone field instead');
      await page.getByTestId('intake-contact-hint').waitFor();
      await page
        .locator('fieldset', { has: page.getByText('Intake form', { exact: true }) })
        .screenshot({ path: path.join(SHOTS, 'admin-2-intake-refuses-phone.png') });
      await page.getByRole('button', { name: 'Remove question 2' }).click();
      await page.getByRole('button', { name: 'Save changes' }).click();
      const saved = () => adminApi(stack, 'GET', `/v1/admin/services/${massage}`) as Promise<{ customerFields: unknown; intakeFields: unknown[] }>;
      await expect
        .poll(async () => (await saved()).customerFields)
        .toEqual({ email: { required: false, label: 'E-mail for the invoice' }, phone: { required: true, label: 'Mobile phone' } });
      expect((await saved()).intakeFields).toHaveLength(1);
    } finally {
      await page.close();
    }
  });
});
