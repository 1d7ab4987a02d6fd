/**
 * `npm run test:clock-sweep` — runs the time-sensitive suites once per hard instant (./instants.ts), each
 * with SLOTFLOW_TEST_NOW pinned to it (test/support/clock.ts) and a machine TZ taken in turn from
 * MACHINE_ZONES, so a test that reads the real clock or the machine's zone shows up as a failure.
 *
 *   npm run test:clock-sweep                 every instant (~26 runs)
 *   npm run test:clock-sweep -- --quick      the CI subset (QUICK below; the web suites at one of its instants)
 *   npm run test:clock-sweep -- --quick --web-at 2   the same with the web suites at the third instant
 *   npm run test:clock-sweep -- --only Sydney  the instants whose name contains "Sydney"
 *   npm run test:clock-sweep -- --list       print the instants and exit
 *
 * Exit code 1 when any run failed; a table of instant → result is printed at the end.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { sweepInstants, type SweepInstant } from './instants.ts';

/** The quick suites whose expectations depend on "now" (each reads TEST_NOW): about a minute per instant. */
export const FAST_SUITES = [
  'test/domain/',
  'test/db/admin-stats.db.test.ts',
  'test/db/message-stats.db.test.ts',
  'test/gateway/admin-stats.db.test.ts',
  'test/gateway/availability.db.test.ts',
];
/** The Chromium suites: each starts a whole stack; about six minutes per instant on 2 cores. */
export const WEB_SUITES = ['test/web/'];
/** Every time-sensitive suite. */
export const TIME_SENSITIVE_SUITES = [...FAST_SUITES, ...WEB_SUITES];

/** Machine zones used in turn: UTC, the first zone to reach a date, and one far behind it. */
const MACHINE_ZONES = ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC'];

/**
 * The CI subset: the instant that turned CI red, a far-west Sunday night, and Berlin's repeated hour. With
 * --quick the fast suites run at all three and the web suites at one of them, chosen by the commit (its hash
 * modulo 3): three full web runs took ~18 of a ~38-minute CI, over the 30-minute budget. Each commit still
 * meets one of the three; a rerun of the same commit meets the same one; `--web-at N` picks it by hand.
 */
const QUICK = ['Friday 19:13 UTC', 'Sunday 23:59 Pacific/Pago_Pago', 'Europe/Berlin DST ends'];

/** Which quick instant runs the web suites: `--web-at N`, else the commit's hash modulo the count (0 without git). */
function webInstantIndex(args: string[], count: number): number {
  const at = args.indexOf('--web-at');
  if (at >= 0) return Number(args[at + 1]) % count;
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const hash = head.status === 0 ? head.stdout.trim() : '';
  return /^[0-9a-f]{8}/.test(hash) ? parseInt(hash.slice(0, 8), 16) % count : 0;
}

function pick(all: SweepInstant[], args: string[]): SweepInstant[] {
  const only = args.indexOf('--only');
  if (only >= 0) return all.filter((i) => i.name.includes(args[only + 1] ?? ''));
  if (args.includes('--quick')) return QUICK.map((q) => all.find((i) => i.name.startsWith(q) && !i.name.includes('1 h'))!).filter(Boolean);
  return all;
}

function main(): number {
  const args = process.argv.slice(2);
  const instants = pick(sweepInstants(Date.now()), args);
  if (args.includes('--list')) {
    for (const i of instants) console.log(`${i.iso}  ${i.name}`);
    return 0;
  }
  const vitest = path.join(REPO_ROOT, 'node_modules', '.bin', 'vitest');
  const quick = args.includes('--quick') && !args.includes('--only');
  const webAt = quick ? webInstantIndex(args, instants.length) : -1;
  if (quick) console.log(`clock sweep --quick: the fast suites at ${instants.length} instants, the web suites at #${webAt + 1} (${instants[webAt]?.name})`);
  const results: { instant: SweepInstant; tz: string; web: boolean; ok: boolean; seconds: number }[] = [];
  instants.forEach((instant, n) => {
    const tz = MACHINE_ZONES[n % MACHINE_ZONES.length]!;
    const began = Date.now();
    const suites = !quick || n === webAt ? TIME_SENSITIVE_SUITES : FAST_SUITES;
    const what = suites === FAST_SUITES ? 'fast suites' : 'fast + web suites';
    console.log(`\n=== clock sweep ${n + 1}/${instants.length} (${what}): ${instant.name} — SLOTFLOW_TEST_NOW=${instant.iso} TZ=${tz}`);
    const run = spawnSync(vitest, ['run', ...suites], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, SLOTFLOW_TEST_NOW: instant.iso, TZ: tz },
    });
    results.push({ instant, tz, web: suites !== FAST_SUITES, ok: run.status === 0, seconds: Math.round((Date.now() - began) / 1000) });
  });
  console.log('\n=== clock sweep results');
  for (const r of results)
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'}  ${r.instant.iso}  TZ=${r.tz.padEnd(19)} ${String(r.seconds).padStart(4)} s  ${r.web ? 'fast + web' : 'fast only '}  ${r.instant.name}`,
    );
  const failed = results.filter((r) => !r.ok).length;
  console.log(`instants: ${results.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
