/** Latencies (ms) of the calls and the seconds they took in all. */
export type Timed = { latencies: number[]; seconds: number };

/**
 * Runs `fn(0)` … `fn(n - 1)` with `concurrency` calls in flight (each of them taking the next index when it
 * is done) and times every call. Shared by the in-process floor and the HTTP load child of the booking bench.
 */
export async function timeConcurrently(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<Timed> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        await fn(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}
