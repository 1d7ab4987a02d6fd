/**
 * "E-mail me my link" (#20): a customer who lost the link to a booking (or holds one that expired or was
 * mangled) gives an e-mail address; every upcoming booking under that address gets its current manage link
 * sent to it, as a `manage_link` message through the usual delivery path (messages row, template, outbox
 * or transport). No enumeration: the gateway answers the same 202 whatever the address, and does the same
 * work for every address — it only starts `manageLinkEmailWorkflow`; the lookup and the sending happen in
 * the worker. Repeats are quiet: one workflow per address and window, one message per booking and window.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { upcomingBookingsByContact } from '../db/booking-query.repository.ts';
import { manageLinkEmailWorkflowId } from '../temporal/workflow-ids.ts';
import { manageLinkEmailWorkflow } from '../../workflows/manage-link-email.workflow.ts';
import { deliverBookingMessage, type DeliveryDeps } from './deliver-booking-message.ts';

/** At most one link e-mail per booking (and one lookup per address) in this window. */
export const MANAGE_LINK_WINDOW_MS = 15 * 60_000;
/** Bookings whose links one request sends at most (soonest first). */
export const MANAGE_LINKS_PER_REQUEST = 5;

export type ManageLinkRequest = { email: string; window: number };

/** The address as bookings are matched (case-insensitively), and the hash that names its workflow. */
export function normaliseAddress(email: string): { email: string; key: string } {
  const normal = email.trim().toLowerCase();
  return { email: normal, key: createHash('sha256').update(normal, 'utf8').digest('hex').slice(0, 32) };
}

/** The gateway's part: start the lookup for `email` (at most once per window); nothing to report back. */
export async function requestManageLinks(deps: { client: Client; taskQueue: string; now: number }, email: string): Promise<void> {
  const address = normaliseAddress(email);
  const window = Math.floor(deps.now / MANAGE_LINK_WINDOW_MS);
  await deps.client.workflow.start(manageLinkEmailWorkflow, {
    workflowId: manageLinkEmailWorkflowId(address.key, window),
    taskQueue: deps.taskQueue,
    args: [{ email: address.email, window } satisfies ManageLinkRequest],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/**
 * The worker's part: the manage link of each upcoming booking (pending or confirmed, starting after now)
 * of `email`, one message each, keyed `<booking>:manage_link:<window>` (a retry or repeat in the window
 * finds it). Returns how many bookings got one.
 */
export async function sendManageLinks(deps: DeliveryDeps, req: ManageLinkRequest): Promise<{ sent: number }> {
  const bookings = await upcomingBookingsByContact(deps.db, { email: req.email }, new Date(deps.now()), MANAGE_LINKS_PER_REQUEST);
  let sent = 0;
  for (const b of bookings) {
    const out = await deliverBookingMessage(deps, b.id, 'manage_link', `${b.id}:manage_link:${req.window}`);
    if (out.delivered) sent++;
  }
  return { sent };
}
