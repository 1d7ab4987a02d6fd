/**
 * The booking benchmark's HTTP load generator, run as a child process so that its own work (building
 * requests, parsing answers) is not counted against — nor competing on the event loop of — the process
 * it measures, as a real client's would not be.
 *
 * Input (argv[2], JSON): { url, bodies: string[], concurrency }. Each body is POSTed once, `concurrency`
 * at a time; anything but 201 fails the run. Output (stdout, JSON): { latencies: number[] (ms), seconds }.
 */
import { timeConcurrently } from './concurrently.ts';

const { url, bodies, concurrency } = JSON.parse(process.argv[2]!) as { url: string; bodies: string[]; concurrency: number };

const timed = await timeConcurrently(bodies.length, concurrency, async (i) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text}`);
});
process.stdout.write(JSON.stringify(timed));
