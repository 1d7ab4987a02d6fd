/**
 * Process lifecycle: cleanup steps run in reverse order of registration on SIGINT / SIGTERM (or a fatal
 * error), each awaited, so the gateway stops taking requests before the worker, the database and finally
 * the embedded Temporal dev server go away. A second signal during shutdown exits at once.
 */
import type { Logger } from 'pino';

export type Lifecycle = {
  onShutdown(name: string, step: () => Promise<void>): void;
  shutdown(reason: string, exitCode?: number): Promise<void>;
  /** Resolves when shutdown finished. */
  readonly finished: Promise<number>;
};

export function createLifecycle(log: Logger, opts: { exit?: boolean } = { exit: true }): Lifecycle {
  const steps: { name: string; step: () => Promise<void> }[] = [];
  let running: Promise<void> | undefined;
  let resolveFinished!: (code: number) => void;
  const finished = new Promise<number>((r) => (resolveFinished = r));

  const shutdown = (reason: string, exitCode = 0): Promise<void> => {
    if (running) return running;
    log.info({ reason }, 'shutting down');
    running = (async () => {
      let code = exitCode;
      for (const { name, step } of steps.slice().reverse()) {
        try {
          await step();
        } catch (err) {
          code = code || 1;
          log.error({ err, step: name }, 'shutdown step failed');
        }
      }
      log.info('stopped');
      resolveFinished(code);
      if (opts.exit !== false) process.exit(code);
    })();
    return running;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (running) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      void shutdown(signal);
    });
  }
  return {
    onShutdown: (name, step) => steps.push({ name, step }),
    shutdown,
    finished,
  };
}
