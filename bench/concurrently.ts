/** Latencies (ms) of the calls that succeeded, the seconds all took, and refusals by HTTP status (HTTP load only). */
export type Timed = { latencies: number[]; seconds: number; refused?: Record<string, number> };

/**
 * Runs `fn(0)` … `fn(n - 1)` with `concurrency` calls in flight (each of them taking the next index when it
 * is done) and times every call that did not answer `false` (a refused call). Shared by the in-process floor
 * and the HTTP load child of the booking bench.
 */
export async function timeConcurrently(n: number, concurrency: number, fn: (i: number) => Promise<void | false>): Promise<Timed> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        if ((await fn(i)) !== false) latencies.push(performance.now() - s);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}
