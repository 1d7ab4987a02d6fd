/**
 * Every Temporal workflow and schedule id slotflow uses, built here and nowhere else. The ids are part of
 * the product's contract: running workflows are found by them (a gateway signals `booking-<id>` it did not
 * start), and the Temporal UI shows them to ops — changing one orphans what runs under the old name.
 */

/** The one long-running workflow of a booking. */
export const bookingWorkflowId = (bookingId: string): string => `booking-${bookingId}`;

/** The Temporal Schedule that syncs a calendar connection's busy time, and the workflow it starts. */
export const calendarSyncScheduleId = (connectionId: string): string => `calendar-sync-${connectionId}`;
export const calendarSyncWorkflowId = (connectionId: string): string => `calendar-sync-${connectionId}`;

/** A sync an admin asked for now (beside the schedule's own runs). */
export const calendarSyncNowWorkflowId = (connectionId: string): string => `calendar-sync-now-${connectionId}`;

/** The e-mail fallback of an SMS that came back undelivered (one per message). */
export const messageFallbackWorkflowId = (messageId: string): string => `message-fallback-${messageId}`;

/** A self-test probe's round trip through Temporal. */
export const healthcheckWorkflowId = (probeId: string): string => `healthcheck-${probeId}`;

/** One e-mail conversation (its thread id is in the signed reply address). */
export const emailThreadWorkflowId = (threadId: string): string => `email-thread-${threadId}`;

/**
 * "E-mail me my link" (#20): one per address and time window (`window` = epoch ms / window length), so a
 * burst of requests for one address runs once. `addressKey` is a hash of the address, not the address.
 */
export const manageLinkEmailWorkflowId = (addressKey: string, window: number): string => `manage-link-email-${addressKey}-${window}`;
