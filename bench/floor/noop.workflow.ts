/** The benchmark floor: a workflow whose update returns at once (no activity). */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<string, [string]>('noop');

export async function noopWorkflow(): Promise<void> {
  let done = false;
  setHandler(noopUpdate, (x) => {
    done = true;
    return x;
  });
  await condition(() => done);
}
