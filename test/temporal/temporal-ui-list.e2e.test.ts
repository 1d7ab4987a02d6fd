/**
 * Issue #20 item 8: bookings read well in the Temporal UI's workflow list. The list of the UI the dev server
 * ships (2.42.1 with CLI 1.5.1) has no column for a workflow's user-metadata summary, and no later UI
 * version has one either; it offers every custom search attribute as a column. So each booking carries
 * `BookingSummary` ('Haircut · Ada Lovelace · Tue 2031-… 10:00 Europe/Berlin') and `BookingStatus`, and an
 * operator adds both once with the list's column picker (the UI keeps that choice in the browser's
 * localStorage, `namespace-workflow-table-columns`). This test starts a dev server with its UI, books and
 * cancels through the API, picks the two columns in the UI's own "configure columns" drawer — or, should
 * the UI's buttons change, with the stored choice the drawer writes — and reads the rows as rendered.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.ts';
import { freePort } from '../../src/temporal/free-port.ts';
import { startWorker, type SlotflowWorker } from '../../src/temporal/worker.ts';
import { bookingSummary } from '../../src/domain/bookings/temporal-ui-texts.ts';
import { launchBrowser, screenshot, skipBrowser } from '../support/browser.ts';
import { seedProviderWithService } from '../support/catalog-seed.ts';
import { skipKind, testDatabase, type TestDatabase } from '../support/databases.ts';
import { adminHeaders, testGateway } from '../support/gateway.ts';
import { makeTempDir } from '../support/paths.ts';
import { waitFor } from '../support/process.ts';

const skip = skipBrowser() || skipKind('pglite');
const HOUR = 3_600_000;

describe('bookings in the Temporal UI workflow list', () => {
  let server: DevServer;
  let d: TestDatabase;
  let gw: Awaited<ReturnType<typeof testGateway>>;
  let worker: SlotflowWorker;

  beforeAll(async () => {
    if (skip) return;
    const dir = makeTempDir('temporal-ui');
    server = await startDevServer({ cliPath: inject('temporalCliPath'), dbFile: path.join(dir, 't.db'), port: 0, uiPort: await freePort() });
    d = await testDatabase('pglite');
    gw = await testGateway(d, { address: server.address });
    worker = await startWorker({ address: server.address, namespace: 'default', taskQueue: gw.taskQueue, db: d.db });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await d?.dispose();
    await server?.stop();
  });

  /** Books `customer` at a whole hour days ahead (free at any real instant) and answers its id and start. */
  async function book(service: string, customer: string, daysAhead: number) {
    const start = Math.ceil((Date.now() + daysAhead * 24 * HOUR) / HOUR) * HOUR;
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/bookings',
      payload: { serviceId: service, start: new Date(start).toISOString(), timeZone: 'UTC', customer: { name: customer, email: 'x@example.com' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: (res.json() as { id: string }).id, start };
  }

  /** The rendered list's rows as text, once `ready` holds for them. */
  async function rows(page: Page, ready: (texts: string[]) => boolean): Promise<string[]> {
    return waitFor(
      async () => {
        await page.reload();
        await page.waitForLoadState('networkidle');
        const texts = await page.locator('table tbody tr').allInnerTexts();
        return ready(texts) ? texts : undefined;
      },
      60_000,
      'the workflow list showing the bookings',
    );
  }

  it.skipIf(skip)(
    'with the BookingSummary and BookingStatus columns picked, each row reads service · customer · local time, and a cancelled booking says cancelled',
    async () => {
      const { service } = await seedProviderWithService(d.db, { providerName: 'Berlin', timeZone: 'Europe/Berlin', serviceName: 'Haircut' });
      const ada = await book(service, 'Ada Lovelace', 4);
      const grace = await book(service, 'Grace Hopper', 5);
      const cancelled = await gw.app.inject({ method: 'POST', url: `/v1/admin/bookings/${grace.id}/cancel`, headers: adminHeaders, payload: {} });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const adaLine = bookingSummary({ serviceName: 'Haircut', customerName: 'Ada Lovelace', timeZone: 'Europe/Berlin' }, ada.start);
      const graceLine = bookingSummary({ serviceName: 'Haircut', customerName: 'Grace Hopper', timeZone: 'Europe/Berlin' }, grace.start);
      // Visibility first (the UI reads the same list): both attributes as the workflow last set them.
      await waitFor(
        async () => {
          const seen = new Map<string, unknown>();
          for await (const w of gw.temporal.client.workflow.list({ query: `BookingSummary = '${graceLine}'` }))
            seen.set(w.workflowId, w.searchAttributes['BookingStatus']);
          return seen.get(`booking-${grace.id}`)?.toString() === 'cancelled' || undefined;
        },
        30_000,
        'the cancelled booking found by its summary',
      );

      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1920, height: 600 } });
        await page.goto(`${server.uiUrl}/namespaces/default/workflows`);
        await page.getByText(`booking-${ada.id}`).first().waitFor({ timeout: 30_000 });
        // The default columns: workflow ids only, and Temporal's own status ("Completed" for nothing yet here).
        expect((await page.locator('table thead').innerText()).includes('BookingSummary')).toBe(false);

        // Added at the end, after Run ID, Type, Start and End: dropping Run ID, Type and End keeps them in view.
        const picked = await pickColumnsInDrawer(page, ['BookingSummary', 'BookingStatus'], ['Run ID', 'Type', 'End']);
        if (!picked) {
          // The drawer's markup changed: store the same choice it stores, as a user's earlier pick would have.
          const columns = { default: ['Status', 'Workflow ID', 'Start', 'BookingSummary', 'BookingStatus'].map((label) => ({ label })) };
          await page.evaluate(
            (value) =>
              (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
                'namespace-workflow-table-columns',
                value,
              ),
            JSON.stringify(columns),
          );
        }
        expect(await page.locator('[data-testid="workflows-summary-table-header-cell-BookingSummary"]').count()).toBe(picked ? 1 : 0);
        const texts = await rows(page, (t) => t.some((r) => r.includes(adaLine)) && t.some((r) => r.includes(graceLine)));
        const adaRow = texts.find((r) => r.includes(adaLine))!;
        const graceRow = texts.find((r) => r.includes(graceLine))!;
        expect(adaRow).toMatch(/\bconfirmed\b/);
        expect(graceRow).toMatch(/\bcancelled\b/);
        expect(adaLine).toMatch(/^Haircut · Ada Lovelace · \w{3} \d{4}-\d{2}-\d{2} \d{2}:00 Europe\/Berlin$/);
        // In view, not only in the DOM: the summary column's header lies inside the page's width.
        for (const column of ['BookingSummary', 'BookingStatus']) {
          const header = await page.locator('thead th', { hasText: column }).boundingBox();
          expect(header!.x + header!.width, column).toBeLessThanOrEqual(1920);
        }
        await screenshot(page, `temporal-ui-list-${picked ? 'picked' : 'stored'}-columns`);
      } finally {
        await browser.close();
      }
    },
  );
});

/**
 * Adds `labels` as columns and removes `drop` through the list's "configure columns" drawer, as an operator
 * would. Answers false when the drawer or a label is not where UI 2.42 puts them.
 */
async function pickColumnsInDrawer(page: Page, labels: string[], drop: string[]): Promise<boolean> {
  const open = page.locator('[data-testid="workflows-summary-table-configuration-button"]').first();
  if (!(await open.isVisible().catch(() => false))) return false;
  await open.click();
  for (const label of labels) {
    const add = page.locator(`[data-testid="orderable-list-item-${label}-add-button"]`).first();
    if (!(await add.isVisible({ timeout: 5_000 }).catch(() => false))) return false;
    await add.click();
  }
  for (const label of drop) {
    const remove = page.locator(`[data-testid="orderable-list-item-${label}-remove-button"]`).first();
    if (!(await remove.isVisible({ timeout: 5_000 }).catch(() => false))) return false;
    await remove.click();
  }
  await page.keyboard.press('Escape');
  return true;
}
