/**
 * Every workflow the worker registers. Workflow code is deterministic: it imports only
 * `@temporalio/workflow`, `@temporalio/common` and types; activities are imported with `import type`.
 */
export { healthcheckWorkflow } from './healthcheck.workflow.ts';
export { bookingWorkflow, bookingWorkflowV2 } from './booking.workflow.ts';
export { messageFallbackWorkflow } from './message-fallback.workflow.ts';
export { manageLinkEmailWorkflow } from './manage-link-email.workflow.ts';
export { calendarSyncWorkflow } from './calendar-sync.workflow.ts';
export { emailThreadWorkflow } from './email-thread.workflow.ts';
