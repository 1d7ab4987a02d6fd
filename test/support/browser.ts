/**
 * Browser tests drive Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) through playwright-core,
 * launched as the issue prescribes. Without Chromium the browser suites skip with a visible warning —
 * except under CI (or REQUIRE_BROWSER=true), where they fail: `.ci/run` installs it.
 * Screenshots of the main screens go to `test-artifacts/screenshots/` (git-ignored; CI keeps them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');

const required = process.env.CI === 'true' || process.env.REQUIRE_BROWSER === 'true';

/** True when the browser suites must skip (no Chromium here, and not required). */
export function skipBrowser(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return false;
  if (required) return false; // launching fails loudly instead
  console.warn(`\n⚠ ${CHROMIUM_PATH} not found: browser tests skipped (apt-get install chromium, or set CHROMIUM_PATH)\n`);
  return true;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Saves a full-page PNG named `<name>.png` under test-artifacts/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
