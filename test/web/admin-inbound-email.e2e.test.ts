/**
 * The admin's e-mail screens in Chromium against the real stack (#16): the inbound list with its outcome
 * filter (kept in the URL), a thread as a conversation in order, and the thread section on a booking —
 * none on a booking without one. Message text is shown as text: a `<script>` in it is visible and never
 * runs. "Older" pages with the API's cursor and keeps the filter. Rows are seeded through the repositories;
 * the bookings through the API (no booking factory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { insertEmailThread, updateEmailThread } from '../../src/db/email-thread.repository.ts';
import { recordInboundMessage } from '../../src/db/inbound-message.repository.ts';
import { enqueueMessage } from '../../src/db/message.repository.ts';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { pinBrowserClock, TEST_NOW } from '../support/clock.ts';
import { everyDayHours, insertProvider, insertService } from '../support/factories.ts';
import { startWebStack, type WebStack } from '../support/web-stack.ts';

const THREAD = 'abcdefghijklmnop';
const DAY = 86_400_000;

describe.skipIf(skipBrowser())('admin inbound e-mail screens', () => {
  let stack: WebStack;
  let browser: Browser;
  let page: Page;
  let withThread: string;
  let withoutThread: string;

  beforeAll(async () => {
    stack = await startWebStack();
    const db = stack.db.db;
    const provider = await insertProvider(db, { name: 'Dr. Weber', time_zone: 'UTC', weekly_hours: everyDayHours() });
    const service = await insertService(db, { name: 'Haircut', duration_minutes: 30, providers: [provider] });
    const book = async (email: string, days: number) => {
      const start = new Date(Math.ceil((TEST_NOW + days * DAY) / 3_600_000) * 3_600_000).toISOString();
      const res = await fetch(`${stack.baseUrl}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: service, start, timeZone: 'UTC', customer: { name: 'Anna', email } }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    withThread = await book('anna@mail.test', 3);
    withoutThread = await book('ben@mail.test', 4);
    await insertEmailThread(db, { id: THREAD, customerEmail: 'anna@mail.test', customerName: 'Anna', locale: 'en', subject: 'Haircut' });
    const inbound = (subject: string, body: string, outcome: 'proposed' | 'booked' | 'ignored_automated', threadId: string | null) =>
      recordInboundMessage(db, {
        messageId: `${subject}-${outcome}@mail.test`,
        via: 'smtp',
        fromAddress: outcome === 'ignored_automated' ? 'mailer-daemon@mail.test' : 'anna@mail.test',
        fromName: outcome === 'ignored_automated' ? null : 'Anna',
        subject,
        sizeBytes: 1200,
        dmarc: 'pass',
        bodyText: body,
        outcome,
        threadId,
        bookingId: outcome === 'booked' ? withThread : null,
        detail: outcome === 'proposed' ? '3 times proposed for Haircut' : null,
      });
    await inbound('Haircut', 'Haircut tomorrow at 10? <script>alert(1)</script>', 'proposed', THREAD);
    await enqueueMessage(db, {
      idempotencyKey: 'answer-1',
      bookingId: null,
      providerId: null,
      kind: 'email_answer',
      channel: 'email',
      recipient: 'anna@mail.test',
      subject: 'Re: Haircut',
      bodyText: 'These times are free for Haircut:\n  1) …',
      transport: 'outbox',
      threadId: THREAD,
    });
    await inbound('Re: Haircut', '2', 'booked', THREAD);
    await inbound('Undelivered Mail Returned to Sender', 'bounce', 'ignored_automated', null);
    await updateEmailThread(db, THREAD, { bookingId: withThread });

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', () => {
      throw new Error('a dialog opened: message text ran as script');
    });
    await pinBrowserClock(page);
    await page.goto(`${stack.baseUrl}/admin`);
    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('lists every message with what became of it; the outcome filter narrows the list and stays in the URL', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Inbound e-mail' }).click();
    await page.getByRole('heading', { name: 'Inbound e-mail', level: 1 }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator('tr[data-outcome="ignored_automated"]').textContent()).toContain('ignored: automatic mail');
    expect(await page.locator('tr[data-outcome="booked"]').textContent()).toContain('booked');
    const proposed = page.locator('tr[data-outcome="proposed"]');
    expect(await proposed.textContent()).toContain('times proposed');
    expect(await proposed.locator('.badge').getAttribute('title')).toBe('3 times proposed for Haircut');
    // Links: a thread where there is one, the booking where the message made one.
    expect(await page.locator('tr[data-outcome="ignored_automated"] a').count()).toBe(0);
    expect(await page.locator('tr[data-outcome="booked"]').getByRole('link', { name: 'Booking' }).getAttribute('href')).toBe(`/admin/bookings/${withThread}`);
    await page.getByLabel('Outcome').selectOption('booked');
    await expect.poll(() => page.url()).toContain('/admin/inbound-emails?outcome=booked');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Re: Haircut');
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByLabel('Outcome').inputValue()).toBe('booked');
  });

  it('a thread reads as a conversation in order; message text is text', { timeout: 60_000 }, async () => {
    await page.goto(`${stack.baseUrl}/admin/inbound-emails`);
    await page.locator('tr[data-outcome="proposed"]').getByRole('link', { name: 'Thread' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Haircut' }).waitFor();
    const entries = page.locator('.em-entry');
    await expect.poll(() => entries.count()).toBe(3);
    expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')))).toEqual(['in', 'out', 'in']);
    await page.getByText('<script>alert(1)</script>', { exact: false }).waitFor();
    expect(await page.locator('.em-entry script').count()).toBe(0);
    expect(await entries.nth(1).textContent()).toContain('These times are free for Haircut:');
    await page.getByRole('link', { name: 'Open the booking' }).click();
    await expect.poll(() => page.url()).toContain(`/admin/bookings/${withThread}`);
  });

  it('the booking made in the thread shows it; another booking shows no thread section', { timeout: 60_000 }, async () => {
    await page.goto(`${stack.baseUrl}/admin/bookings/${withThread}`);
    await page.getByRole('heading', { name: 'E-mail thread' }).waitFor();
    expect(await page.locator('.em-entry').count()).toBe(3);
    await page.goto(`${stack.baseUrl}/admin/bookings/${withoutThread}`);
    await page.getByRole('heading', { name: 'Workflow' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('heading', { name: 'E-mail thread' }).count()).toBe(0);
  });

  it('"Older" pages through a long list with the cursor; "Newest" goes back', { timeout: 60_000 }, async () => {
    const db = stack.db.db;
    // 52 messages an hour and more ago, a minute apart (distinct times: the order is certain).
    for (let i = 0; i < 52; i++) {
      const { row } = await recordInboundMessage(db, {
        messageId: null,
        via: 'webhook',
        fromAddress: `someone${i}@mail.test`,
        fromName: null,
        subject: `Question ${i}`,
        sizeBytes: 300,
        dmarc: 'none',
        bodyText: '?',
        outcome: 'not_understood',
      });
      await db
        .updateTable('inbound_messages')
        .set({ received_at: new Date(Date.now() - 3_600_000 - i * 60_000) })
        .where('id', '=', row.id)
        .execute();
    }
    await page.goto(`${stack.baseUrl}/admin/inbound-emails?outcome=not_understood`);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('Question 0');
    expect(await rows.last().textContent()).toContain('Question 49');
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('Question 50'), expect.stringContaining('Question 51')]);
    expect(page.url()).toContain('outcome=not_understood');
    expect(await page.getByRole('button', { name: 'Older' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('Question 0');
  });
});
