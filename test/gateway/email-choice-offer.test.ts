/**
 * The one-click link's read of the thread's offer (email-choice.route.ts `currentOffer`), against a scripted
 * workflow: the race CI hit — the offer read while the step still ran (none), the step ending before the
 * "busy?" query — must answer the step's offer, not the stale none ("lapsed").
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { currentOffer } from '../../src/gateway/routes/email-choice.route.ts';
import type { ThreadOffer } from '../../workflows/email-thread.types.ts';

const offer = (set: number) => ({ set, proposals: [{ start: 1, end: 2, providerId: 'p' }] }) as unknown as ThreadOffer;

/** A workflow whose answers follow a script: each query takes the next state. */
function scripted(states: { offer: ThreadOffer | null; busy: boolean }[]) {
  let i = 0;
  const now = () => states[Math.min(i, states.length - 1)]!;
  return {
    offer: async () => {
      const s = now();
      i++;
      return s.offer;
    },
    busy: async () => {
      const s = now();
      i++;
      return s.busy;
    },
  };
}

describe('currentOffer (one-click link)', () => {
  it('the step ends between "which offer?" and "busy?": answers the step’s offer, not the stale none', async () => {
    const thread = scripted([
      { offer: null, busy: true }, // read while the step runs
      { offer: offer(1), busy: false }, // the step ended before the busy query
      { offer: offer(1), busy: false },
    ]);
    expect(await currentOffer(thread, 1, 1)).toEqual(offer(1));
  });

  it('waits while the workflow is busy, then answers; an idle workflow without an offer answers none', async () => {
    const busyThenDone = scripted([
      { offer: null, busy: true },
      { offer: null, busy: true },
      { offer: null, busy: true },
      { offer: null, busy: true },
      { offer: offer(2), busy: false },
    ]);
    expect(await currentOffer(busyThenDone, 2, 1)).toEqual(offer(2));
    expect(await currentOffer(scripted([{ offer: null, busy: false }]), 1, 1)).toBeNull();
  });

  it('a thread that never ran is no offer; a workflow busy for good is 503', async () => {
    const gone = {
      offer: () => Promise.reject(new WorkflowNotFoundError('not found', 'email-thread-x', undefined)),
      busy: async () => false,
    };
    expect(await currentOffer(gone, 1, 1)).toBeNull();
    await expect(currentOffer(scripted([{ offer: null, busy: true }]), 1, 1)).rejects.toMatchObject({ code: 'service_unavailable' });
  });
});
