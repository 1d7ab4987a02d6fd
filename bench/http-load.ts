/**
 * The booking benchmark's HTTP load generator, run as a child process so that its own work (building
 * requests, parsing answers) is not counted against — nor competing on the event loop of — the process
 * it measures, as a real client's would not be.
 *
 * Input (argv[2], JSON): { url, bodies: string[], concurrency }. Each body is POSTed once, `concurrency`
 * at a time. Output (stdout, JSON): { latencies: number[] (ms, of the 201s), seconds, refused: { status: count } }
 * — an overloaded cluster answers 503 (its 10 s deadline on Temporal); the run reports them, the caller
 * decides whether that fails it.
 */
import { timeConcurrently } from './concurrently.ts';

const { url, bodies, concurrency } = JSON.parse(process.argv[2]!) as { url: string; bodies: string[]; concurrency: number };

const refused: Record<string, number> = {};
const timed = await timeConcurrently(bodies.length, concurrency, async (i) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
  await res.arrayBuffer();
  if (res.status === 201) return;
  refused[res.status] = (refused[res.status] ?? 0) + 1;
  return false;
});
process.stdout.write(JSON.stringify({ ...timed, refused }));
