/**
 * Catalog set-up for the customer-page browser tests, through the admin API as an operator would:
 * providers in Europe/Berlin working 09:00–17:00 every day, 30-minute services. Also the local-date
 * arithmetic the tests use to aim at "next month" (always fully in the future and within the
 * services' 60-day booking horizon, whatever day the suite runs).
 *
 * "Now" is pinned (test/support/clock.ts): "next month" is next month at TEST_NOW in ZONE — the month the
 * gateway's pinned clock and the pinned browser (pinBrowserClock) agree on. The sweep's instants lie in the
 * real future, so next month's days are in the real future for Temporal's clock too.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { addMonths } from '../../web/src/book/calendar-model.ts';
import { addDays, localDate, localToInstant } from '../../src/domain/time/zones.ts';
import { TEST_NOW } from '../support/clock.ts';
import type { WebStack } from '../support/web-stack.ts';

export const ZONE = 'Europe/Berlin';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers name the answer's type when they read it
export async function adminApi<T = any>(stack: WebStack, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(stack.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${stack.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

const NINE_TO_FIVE = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));

/** Signs in to the admin with the stack's key and waits for the menu to show `menuLink` (a page's own link). */
export async function signInAdmin(page: Page, stack: WebStack, menuLink: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/admin`);
  await page.getByLabel('Admin API key').fill(stack.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: menuLink, exact: true }).waitFor();
}

export async function createProvider(stack: WebStack, name: string): Promise<string> {
  const p = await adminApi<{ id: string }>(stack, 'POST', '/v1/admin/providers', {
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    timeZone: ZONE,
    weeklyHours: NINE_TO_FIVE,
  });
  return p.id;
}

export async function createService(stack: WebStack, body: Record<string, unknown> & { name: string; providerIds: string[] }): Promise<string> {
  const s = await adminApi<{ id: string }>(stack, 'POST', '/v1/admin/services', { durationMinutes: 30, maximumAdvanceDays: 60, ...body });
  return s.id;
}

/**
 * One question of every type the admin API accepts for a new question (phone and e-mail are the booking's
 * built-in fields, #20 item 5: a question asking for them is refused).
 */
export const ALL_INTAKE_FIELDS = [
  { key: 'reason', label: 'Reason for visit', type: 'text', required: true },
  { key: 'notes', label: 'Anything we should know?', type: 'textarea', required: false },
  { key: 'kind', label: 'Type of visit', type: 'select', required: true, options: ['First visit', 'Follow-up'] },
  { key: 'consent', label: 'I agree to the terms', type: 'checkbox', required: true },
];

/** The first and second local dates of next month in ZONE at `now` (default TEST_NOW) ('YYYY-MM-DD'). */
export function nextMonthDays(now: number = TEST_NOW): { month: string; first: string; second: string } {
  const month = addMonths(localDate(now, ZONE).slice(0, 7), 1);
  return { month, first: `${month}-01`, second: addDays(`${month}-01`, 1) };
}

/**
 * Shows next month in the time picker (widget or manage page, browser in ZONE) and returns once its first
 * day is the picked one. Clicks "Next month" — unless the picker moved there by itself: it does when the
 * current month has no slot left at all (after the last slot of the month's last day), and a click then
 * would skip to the month after. The picker has settled once some day is picked (a day with slots
 * exists in the current month or, after moving on, in the next).
 */
export async function showNextMonth(w: FrameLocator | Page): Promise<void> {
  const { first } = nextMonthDays();
  await w.locator('[data-date][aria-pressed="true"]').first().waitFor();
  if ((await w.locator(`[data-date="${first}"]`).count()) === 0) await w.getByRole('button', { name: 'Next month' }).click();
  await w.locator(`[data-date="${first}"][aria-pressed="true"]`).waitFor();
}

/** The instant of local `date` at `hh:mm` in ZONE, epoch ms. */
export const at = (date: string, hhmm: string) => localToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), ZONE, 'skip')!;

/** A plain host page on another origin that embeds the widget with the one-line snippet. */
export async function startHostPage(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import('node:http');
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
