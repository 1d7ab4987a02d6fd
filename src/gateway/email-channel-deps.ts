/** The e-mail channel's use-case dependencies, built from the gateway's (one place, for every entry point). */
import type { GatewayDeps, GatewayEmailChannel } from './deps.ts';
import type { ReceiveDeps } from '../use-cases/receive-inbound-email.ts';

export function receiveDeps(deps: Pick<GatewayDeps, 'db' | 'temporal' | 'taskQueue' | 'clock' | 'links'>, email: GatewayEmailChannel): ReceiveDeps {
  if (!deps.links) throw new Error('the e-mail channel needs the link signer (LINK_SIGNING_SECRET)');
  return {
    db: deps.db,
    client: deps.temporal.client,
    taskQueue: deps.taskQueue,
    now: () => deps.clock().getTime(),
    inbound: {
      address: email.address,
      senderLimitPerHour: email.senderLimitPerHour,
      globalLimitPerHour: email.globalLimitPerHour,
      proposalTtlMs: email.proposalTtlMs,
    },
    secret: deps.links.secret,
    ownAddresses: email.ownAddresses,
    authenticate: email.authenticate,
  };
}
