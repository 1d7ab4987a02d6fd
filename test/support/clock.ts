/**
 * The "now" of the time-sensitive tests, pinned once per test file.
 *
 * - `SLOTFLOW_TEST_NOW=<ISO-8601 instant>` pins it to that instant: `npm run test:clock-sweep` runs the
 *   time-sensitive suites once per hard instant (test/clock-sweep.ts).
 * - Without it, the instant the test file was loaded: the suites are written to hold at any instant, so
 *   an ordinary run checks one more instant for free — and then keeps it still for the whole file.
 *
 * A test reads this instead of `Date.now()` whenever it decides what it expects. The gateway takes it
 * through `clock` (a `TestClock`), Chromium through `pinBrowserClock` (Playwright's `clock.setFixedTime`:
 * `Date.now()` and `new Date()` answer the pinned instant, timers keep running). What cannot be pinned is
 * the Temporal server's clock: a test whose workflow must really wait (reminders, attendance) switches
 * its `TestClock` to the real time and picks data relative to the real now, and says why that is safe at
 * any instant.
 */
import type { BrowserContext, Page } from 'playwright-core';

export const TEST_NOW_ENV = 'SLOTFLOW_TEST_NOW';

/** Parses `SLOTFLOW_TEST_NOW`; undefined when unset. Throws on a value that is not an instant. */
export function pinnedNowFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[TEST_NOW_ENV];
  if (raw === undefined || raw === '') return undefined;
  // An instant needs its offset: a local date-time would depend on the machine's TZ.
  if (!/(Z|[+-]\d\d:\d\d)$/.test(raw)) throw new Error(`${TEST_NOW_ENV}=${raw}: give an ISO-8601 instant with Z or an offset`);
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new Error(`${TEST_NOW_ENV}=${raw} is not an ISO-8601 instant`);
  return ms;
}

/** True when the run pins "now" (the clock sweep). */
export const NOW_IS_PINNED = pinnedNowFromEnv() !== undefined;

/** The pinned "now" of this test file, epoch ms. */
export const TEST_NOW: number = pinnedNowFromEnv() ?? Date.now();

/**
 * A clock a gateway can take (`clock: testClock`): it answers the pinned instant until `useRealTime()`,
 * then the real time, until `pin()` again.
 */
export type TestClock = (() => Date) & {
  /** Answer `ms` (default TEST_NOW) from now on. */
  pin(ms?: number): void;
  /** Answer the real time from now on (for a test that waits on the Temporal server's timers). */
  useRealTime(): void;
  /** The current answer, epoch ms. */
  now(): number;
};

export function createTestClock(initial: number = TEST_NOW): TestClock {
  let pinned: number | null = initial;
  const now = () => pinned ?? Date.now();
  const clock = (() => new Date(now())) as TestClock;
  clock.pin = (ms = TEST_NOW) => {
    pinned = ms;
  };
  clock.useRealTime = () => {
    pinned = null;
  };
  clock.now = now;
  return clock;
}

/** Pins the browser's `Date` in a page or a whole context to `ms` (default TEST_NOW); timers keep running. */
export async function pinBrowserClock(target: Page | BrowserContext, ms: number = TEST_NOW): Promise<void> {
  await target.clock.setFixedTime(ms);
}
