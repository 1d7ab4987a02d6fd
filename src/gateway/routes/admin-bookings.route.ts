/**
 * Admin bookings: list, show (with the audit log, messages and reminders), and the actions admins may
 * take regardless of policy windows: cancel, reschedule, approve / decline, attendance. Every action is a
 * workflow update, so the booking's workflow stays the one place its life is decided.
 */
import { BOOKING_CHANNELS } from '../../domain/bookings/channels.ts';
import { BOOKING_STATUSES } from '../../domain/bookings/booking-status.ts';
import { z } from 'zod';
import { bookingWorkflowId } from '../../temporal/workflow-ids.ts';
import { cancelBooking } from '../../use-cases/cancel-booking.ts';
import { decideBooking } from '../../use-cases/decide-booking.ts';
import { recordAttendance } from '../../use-cases/record-attendance.ts';
import { rescheduleBooking } from '../../use-cases/reschedule-booking.ts';
import { listBookingEvents } from '../../db/booking-event.repository.ts';
import { getBookingOrFail, type BookingRow } from '../../db/booking.repository.ts';
import { listBookings } from '../../db/booking-query.repository.ts';
import { listMessages } from '../../db/message.repository.ts';
import { listReminders } from '../../db/reminder.repository.ts';
import type { GatewayDeps } from '../deps.ts';
import { presentBookingRow } from '../presenters/booking.presenter.ts';
import { resourcesOfBookings } from '../../db/resource-allocation.repository.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZId = z.object({ id: z.uuid() }).strict();
const ZList = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    status: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',') : undefined))
      .pipe(z.array(z.enum(BOOKING_STATUSES)).optional())
      .describe('comma-separated statuses'),
    providerId: z.uuid().optional(),
    serviceId: z.uuid().optional(),
    channel: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',') : undefined))
      .pipe(z.array(z.enum(BOOKING_CHANNELS)).optional())
      .describe('comma-separated channels: web, phone, email, api, admin, agent'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export function adminBookingRoutes(deps: GatewayDeps): AnyRoute[] {
  const client = deps.temporal.client;
  const after = async (id: string) => {
    const [row, units] = await Promise.all([getBookingOrFail(deps.db, id), resourcesOfBookings(deps.db, [id])]);
    return presentBookingRow(row, units.get(id));
  };
  // Each action: 404 for an unknown booking, then one use case, then the booking as it is now.
  const action = <B extends z.ZodType>(url: string, summary: string, body: B, run: (row: BookingRow, b: z.output<B>) => Promise<unknown>) =>
    defineRoute({
      method: 'POST',
      url: `/v1/admin/bookings/:id/${url}`,
      summary,
      tags: ['admin'],
      auth: 'admin',
      params: ZId,
      body,
      responses: { 200: { description: 'The booking after the action' } },
      async handler({ params, body: b }) {
        await run(await getBookingOrFail(deps.db, params.id), b);
        return after(params.id);
      },
    });

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/bookings',
      summary: 'List bookings by start time, status, provider, service, channel',
      tags: ['admin'],
      auth: 'admin',
      query: ZList,
      responses: { 200: { description: '{ bookings }' } },
      async handler({ query }) {
        const rows = await listBookings(deps.db, {
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          status: query.status,
          providerId: query.providerId,
          serviceId: query.serviceId,
          channel: query.channel,
          limit: query.limit,
        });
        const units = await resourcesOfBookings(
          deps.db,
          rows.map((r) => r.id),
        );
        return { bookings: rows.map((r) => presentBookingRow(r, units.get(r.id))) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/bookings/:id',
      summary: 'One booking with its events, messages and reminders',
      tags: ['admin'],
      auth: 'admin',
      params: ZId,
      responses: { 200: { description: 'The booking' } },
      async handler({ params }) {
        const booking = await after(params.id);
        const [events, messages, reminders] = await Promise.all([
          listBookingEvents(deps.db, params.id),
          listMessages(deps.db, { bookingId: params.id, limit: 100 }),
          listReminders(deps.db, params.id),
        ]);
        const workflowId = bookingWorkflowId(params.id);
        const ui = deps.temporalUi;
        return {
          ...booking,
          workflow: {
            id: workflowId,
            uiUrl: ui ? `${ui.url.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}` : null,
          },
          events: events.map((e) => ({ type: e.type, actor: e.actor, data: e.data, at: e.created_at.toISOString() })),
          messages: messages.map((m) => ({
            id: m.id,
            kind: m.kind,
            channel: m.channel,
            recipient: m.recipient,
            status: m.status,
            createdAt: m.created_at.toISOString(),
          })),
          reminders: reminders.map((r) => ({ when: r.when.toISOString(), channel: r.channel, status: r.status, sentAt: r.sent_at?.toISOString() ?? null })),
        };
      },
    }),
    action('cancel', 'Cancel (no notice window for admins)', z.object({ reason: z.string().max(500).optional() }).strict(), (row, b) =>
      cancelBooking({ client }, { bookingId: row.id, actor: 'admin', reason: b.reason }),
    ),
    action('reschedule', 'Move to another start (same duration); 409 when taken', z.object({ start: z.iso.datetime({ offset: true }) }).strict(), (row, b) =>
      rescheduleBooking({ db: deps.db, client, now: deps.clock().getTime() }, { booking: row, start: Date.parse(b.start), by: { actor: 'admin' } }),
    ),
    action('approve', 'Approve a pending booking', z.object({}).strict(), (row) => decideBooking({ client }, { bookingId: row.id, approve: true })),
    action('decline', 'Decline a pending booking', z.object({ reason: z.string().max(500).optional() }).strict(), (row, b) =>
      decideBooking({ client }, { bookingId: row.id, approve: false, reason: b.reason }),
    ),
    action(
      'attendance',
      'Record attendance after the start: checked_in or no_show',
      z.object({ attendance: z.enum(['checked_in', 'no_show']) }).strict(),
      (row, b) => recordAttendance({ client }, { bookingId: row.id, attendance: b.attendance }),
    ),
  ];
}
