/**
 * The booking benchmark's HTTP load generator, run as a child process so that its own work (building
 * requests, parsing answers) is not counted against — nor competing on the event loop of — the process
 * it measures, as a real client's would not be.
 *
 * Input (argv[2], JSON): { url, bodies: string[], concurrency }. Each body is POSTed once, `concurrency`
 * at a time; anything but 201 fails the run. Output (stdout, JSON): { latencies: number[] (ms), seconds }.
 */
const { url, bodies, concurrency } = JSON.parse(process.argv[2]!) as { url: string; bodies: string[]; concurrency: number };

const latencies: number[] = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const s = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text}`);
      latencies.push(performance.now() - s);
    }
  }),
);
process.stdout.write(JSON.stringify({ latencies, seconds: (performance.now() - t0) / 1000 }));
