/** Shared by the transport tests: awaits a send that must fail and returns its TransportError. */
import { expect } from 'vitest';
import { TransportError } from '../../src/transports/transport.ts';

export async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}
