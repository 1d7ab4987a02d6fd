/**
 * The admin's message-template screens (#20 item 4) in Chromium against the real stack: the list of kinds ×
 * locales marks customised ones; the editor shows the default, previews drafts live (HTML in a sandboxed
 * iframe), shows a refused template at its field, saves (a reload shows the saved subject), and "Reset to
 * default" (after a confirm) brings the default back. Reachable from the service's page. The gateway's and
 * the browser's clocks are pinned (the preview's sample booking is "next Monday 09:00").
 * Screenshots at desktop and 390 px phone width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock } from '../support/clock.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';
import { adminApi, createProvider, createService, signInAdmin, ZONE } from './web-seed.ts';

const DEFAULT_SUBJECT = 'Confirmed: {{serviceName}} on {{date}} at {{time}}';

describe.skipIf(skipBrowser())('admin: message templates', () => {
  let stack: WebStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let service: string;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    ctx = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1200, height: 1000 } });
    await pinBrowserClock(ctx);
    await createService(stack, { name: 'Massage', providerIds: [await createProvider(stack, 'Dr. Lin')] });
    service = await createService(stack, { name: 'Check-up', providerIds: [await createProvider(stack, 'Dr. Grace')] });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('edits a subject with a live preview, saves it, and resets it to the default', { timeout: 120_000 }, async () => {
    const page = await ctx.newPage();
    await signInAdmin(page, stack, 'Message templates');
    // From the service's page to its templates.
    await page.goto(`${stack.baseUrl}/admin/services/${service}`);
    await page.getByRole('link', { name: 'Message templates of this service' }).click();
    await page.getByRole('heading', { name: 'Message templates', level: 1 }).waitFor();
    expect(await page.getByLabel('Service', { exact: true }).inputValue()).toBe(service);
    const cell = page.locator('tr[data-kind="confirmation"] td[data-locale="en"]');
    await cell.waitFor();
    expect(await cell.locator('.badge').textContent()).toBe('default');
    expect(await page.locator('tr[data-kind]').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('thead th').allTextContents()).toEqual(['Message', 'English', 'Deutsch']);

    await page.getByRole('link', { name: 'Edit Confirmation, English' }).click();
    await page.getByRole('heading', { name: /^Confirmation · English/ }).waitFor();
    const subject = page.getByLabel('Subject', { exact: true });
    await expect.poll(() => subject.inputValue()).toBe(DEFAULT_SUBJECT);
    const previewSubject = page.getByTestId('preview-subject');
    await expect.poll(() => previewSubject.textContent(), { timeout: 15_000 }).toMatch(/^Confirmed: Check-up on .+ at 09:00$/);
    const frame = page.frameLocator('.tpl-preview iframe');
    expect(await page.locator('.tpl-preview iframe').getAttribute('sandbox')).toBe('');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Ada Lovelace');
    // The placeholders the templates may use.
    const vars = await page.getByRole('list', { name: 'Placeholders' }).textContent();
    for (const v of ['{{customerName}}', '{{serviceName}}', '{{providerName}}', '{{#intake}}']) expect(vars).toContain(v);

    // A template the server refuses: the problem appears at its field, and saving is refused there too.
    await subject.fill('Booked {{customer_name}}');
    const subjectError = page.locator('#tpl-subject-error');
    await expect.poll(() => subjectError.textContent(), { timeout: 15_000 }).toMatch(/customer_name/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved: see the marked fields.' }).waitFor();
    expect(await subject.getAttribute('aria-invalid')).toBe('true');

    // A good one: the preview follows the draft, then it is saved.
    await subject.fill('Your {{serviceName}} with {{providerName}} is booked');
    await expect.poll(() => previewSubject.textContent(), { timeout: 15_000 }).toBe('Your Check-up with Dr. Grace is booked');
    expect(await subjectError.count()).toBe(0);
    expect(await page.locator('.tpl-dirty').textContent()).toBe('unsaved changes');
    await screenshot(page, 'admin-templates-1-editor');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect.poll(() => page.locator('.tpl-dirty').count()).toBe(0);
    const stored = await adminApi<{ override: Record<string, string | null> | null }>(stack, 'GET', `/v1/admin/services/${service}/templates/confirmation/en`);
    // Only the changed part is stored: the others keep following the default.
    expect(stored.override).toMatchObject({ subject: 'Your {{serviceName}} with {{providerName}} is booked', text: null, html: null, sms: null });

    // A reload shows the saved subject; the list marks it customised.
    await page.reload();
    await expect.poll(() => page.getByLabel('Subject', { exact: true }).inputValue()).toBe('Your {{serviceName}} with {{providerName}} is booked');
    await page.getByRole('link', { name: '← Message templates' }).click();
    await expect.poll(() => cell.locator('.badge').textContent()).toBe('customised: subject');
    expect(await page.locator('tr[data-kind="confirmation"] td[data-locale="de"] .badge').textContent()).toBe('default');
    await screenshot(page, 'admin-templates-2-list');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'admin-templates-3-list-phone');

    // Reset to default: asks first, then the default is back (in the form, the preview and the API).
    await page.getByRole('link', { name: 'Edit Confirmation, English' }).click();
    await expect.poll(() => page.getByLabel('Subject', { exact: true }).inputValue()).toBe('Your {{serviceName}} with {{providerName}} is booked');
    await expect.poll(() => previewSubject.textContent(), { timeout: 15_000 }).toBe('Your Check-up with Dr. Grace is booked');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Ada Lovelace');
    await page.locator('.tpl-preview iframe').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-templates-4-editor-phone');
    await page.setViewportSize({ width: 1200, height: 1000 });
    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await page.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByRole('status').filter({ hasText: 'Reset: the default text applies again.' }).waitFor();
    expect(question).toContain('Reset');
    expect(await page.getByLabel('Subject', { exact: true }).inputValue()).toBe(DEFAULT_SUBJECT);
    await expect.poll(() => previewSubject.textContent(), { timeout: 15_000 }).toMatch(/^Confirmed: Check-up on .+ at 09:00$/);
    expect((await adminApi<{ override: unknown }>(stack, 'GET', `/v1/admin/services/${service}/templates/confirmation/en`)).override).toBeNull();
    expect(await page.getByRole('button', { name: 'Reset to default' }).isDisabled()).toBe(true);
    await page.close();
  });
});
