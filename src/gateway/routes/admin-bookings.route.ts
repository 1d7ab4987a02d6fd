/**
 * Admin bookings: list, show (with the audit log, messages and reminders), and the actions admins may
 * take regardless of policy windows: cancel, reschedule, approve / decline, attendance. Every action is a
 * workflow update, so the booking's workflow stays the one place its life is decided.
 */
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
import { resourcesOfBookings } from '../../db/resource-allocation.repository.ts';
import { bookingZone, presentBookingRow } from '../presenters/booking.presenter.ts';
import { providerTimeZone } from '../../db/provider.repository.ts';
import { formatInZone } from '../../domain/time/zones.ts';
import type { ErrorCode } from '../../errors.ts';
import { bookingFilterOf, ZBookingFilterQuery } from '../schemas/admin-booking-filter.schemas.ts';
import { zInstant } from '../schemas/common.schemas.ts';
import { ZAdminBooking, ZAdminBookingDetail, ZAdminBookingList } from '../schemas/booking-responses.schemas.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

const ZId = z.object({ id: z.uuid() }).strict();
const ZList = ZBookingFilterQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

export function adminBookingRoutes(deps: GatewayDeps): AnyRoute[] {
  const client = deps.temporal.client;
  // Each provider's zone, read once per answer (a list shows few providers).
  const zonesOf = () => {
    const cache = new Map<string, Promise<string>>();
    return (row: BookingRow) => {
      if (!cache.has(row.provider_id)) cache.set(row.provider_id, providerTimeZone(deps.db, row.provider_id));
      return cache.get(row.provider_id)!.then((pz) => bookingZone(row, pz));
    };
  };
  const present = async (row: BookingRow) => {
    const [zone, units] = await Promise.all([zonesOf()(row), resourcesOfBookings(deps.db, [row.id])]);
    return presentBookingRow(row, zone, units.get(row.id));
  };
  const after = async (id: string) => present(await getBookingOrFail(deps.db, id));
  // Each action: 404 for an unknown booking, then one use case, then the booking as it is now.
  const action = <B extends z.ZodType>(
    url: string,
    summary: string,
    body: B,
    errors: ErrorCode[],
    run: (row: BookingRow, b: z.output<B>) => Promise<unknown>,
  ) =>
    defineRoute({
      method: 'POST',
      url: `/v1/admin/bookings/:id/${url}`,
      summary,
      tags: ['admin'],
      auth: 'admin',
      errors: ['not_found', 'conflict', ...errors],
      params: ZId,
      body,
      responses: { 200: { description: 'The booking after the action', schema: ZAdminBooking } },
      async handler({ params, body: b }) {
        await run(await getBookingOrFail(deps.db, params.id), b);
        return after(params.id);
      },
    });

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/bookings',
      summary: 'List bookings by start time, status, provider, service, channel, customer (q)',
      tags: ['admin'],
      auth: 'admin',
      query: ZList,
      responses: { 200: { description: 'Bookings by start, each in its zone', schema: ZAdminBookingList } },
      async handler({ query }) {
        const rows = await listBookings(deps.db, { ...bookingFilterOf(query), limit: query.limit });
        const zone = zonesOf();
        const units = await resourcesOfBookings(
          deps.db,
          rows.map((r) => r.id),
        );
        return { bookings: await Promise.all(rows.map(async (r) => presentBookingRow(r, await zone(r), units.get(r.id)))) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/bookings/:id',
      summary: "One booking with its events, messages and reminders (every instant in the booking's zone)",
      tags: ['admin'],
      auth: 'admin',
      errors: ['not_found'],
      params: ZId,
      responses: { 200: { description: 'The booking', schema: ZAdminBookingDetail } },
      async handler({ params }): Promise<z.output<typeof ZAdminBookingDetail>> {
        const booking = await after(params.id);
        const at = (d: Date) => formatInZone(d.getTime(), booking.timeZone);
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
          events: events.map((e) => ({ type: e.type, actor: e.actor, data: e.data, at: at(e.created_at) })),
          messages: messages.map((m) => ({
            id: m.id,
            kind: m.kind,
            channel: m.channel,
            recipient: m.recipient,
            status: m.status,
            createdAt: at(m.created_at),
          })),
          reminders: reminders.map((r) => ({ when: at(r.when), channel: r.channel, status: r.status, sentAt: r.sent_at ? at(r.sent_at) : null })),
        };
      },
    }),
    action('cancel', 'Cancel (no notice window for admins)', z.object({ reason: z.string().max(500).optional() }).strict(), [], (row, b) =>
      cancelBooking({ client }, { bookingId: row.id, actor: 'admin', reason: b.reason }),
    ),
    action(
      'reschedule',
      'Move to another start (same duration); 409 when taken',
      z.object({ start: zInstant() }).strict(),
      ['slot_unavailable', 'not_a_slot', 'calendar_busy'],
      (row, b) => rescheduleBooking({ db: deps.db, client, now: deps.clock().getTime() }, { booking: row, start: Date.parse(b.start), by: { actor: 'admin' } }),
    ),
    action('approve', 'Approve a pending booking', z.object({}).strict(), [], (row) => decideBooking({ client }, { bookingId: row.id, approve: true })),
    action('decline', 'Decline a pending booking', z.object({ reason: z.string().max(500).optional() }).strict(), [], (row, b) =>
      decideBooking({ client }, { bookingId: row.id, approve: false, reason: b.reason }),
    ),
    action(
      'attendance',
      'Record attendance after the start: checked_in or no_show',
      z.object({ attendance: z.enum(['checked_in', 'no_show']) }).strict(),
      [],
      (row, b) => recordAttendance({ client }, { bookingId: row.id, attendance: b.attendance }),
    ),
  ];
}
