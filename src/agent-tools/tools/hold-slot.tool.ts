/**
 * hold_slot: reserves a start for the caller while the conversation confirms it — the same engine,
 * workflow and exclusion constraint as the widget's hold, for AGENT_HOLD_TTL_SECONDS. Taken → a refusal
 * with the three nearest free starts.
 */
import { z } from 'zod';
import { providerTimeZone } from '../../db/provider.repository.ts';
import { firstProviderOfService } from '../../db/service.repository.ts';
import { nearestSlots } from '../../domain/availability/slot-suggestions.ts';
import { normalizePhone } from '../../domain/bookings/contact.ts';
import { unreachableByText } from '../../domain/messages/sms-policy.ts';
import { spokenLabel } from '../../domain/availability/spoken-time.ts';
import { AppError } from '../../errors.ts';
import { availableSlots } from '../../use-cases/available-slots.ts';
import { createBooking } from '../../use-cases/create-booking.ts';
import { defineAgentTool, refusal } from '../agent-tool.ts';
import type { AgentToolDeps } from '../agent-context.ts';
import { spokenSlot } from '../spoken.ts';
import { ZEmail, ZId, ZInstant, ZPhone, ZSpokenSlot, ZTimeZone } from '../tool-schemas.ts';

/** How far around a taken start alternatives are looked for. */
const ALTERNATIVES_SPAN_MS = 3 * 86_400_000;

const ZOutput = z.object({
  bookingId: z.string().describe('Pass to confirm_booking once the caller agrees'),
  status: z.literal('held'),
  start: z.string(),
  end: z.string(),
  label: z.string(),
  expiresAt: z.string().describe('The hold lapses at this instant unless confirmed'),
});

/** The three free starts nearest `start` (same service and provider choice), for a refusal. */
export async function alternativesTo(
  deps: AgentToolDeps,
  q: { serviceId: string; providerId?: string | undefined; start: number; timeZone: string; locale: string },
): Promise<z.output<typeof ZSpokenSlot>[]> {
  const range = { start: q.start - ALTERNATIVES_SPAN_MS, end: q.start + ALTERNATIVES_SPAN_MS };
  const free = await availableSlots(deps.db, { serviceId: q.serviceId, providerId: q.providerId, range }, deps.clock().getTime());
  return nearestSlots(free, q.start, 3).map((s) => spokenSlot(s, q.timeZone, q.locale));
}

export const holdSlotTool = defineAgentTool({
  name: 'hold_slot',
  title: 'Hold a time',
  description:
    'Holds a start time from find_slots for the caller for a few minutes, so nobody else can take it while you confirm. ' +
    "Needs the caller's name and a phone number or e-mail address for the confirmation. Then read the time back and, when " +
    'the caller agrees, call confirm_booking with the bookingId. If the time was taken, offer the alternatives returned.',
  input: z
    .object({
      serviceId: ZId,
      providerId: ZId.optional(),
      start: ZInstant,
      customer: z.object({ name: z.string().trim().min(1).max(200), phone: ZPhone.optional(), email: ZEmail.optional() }).strict(),
      intake: z
        .record(z.string().max(100), z.union([z.string().max(5000), z.boolean()]))
        .optional()
        .describe("Answers to the service's intake questions"),
      timeZone: ZTimeZone.optional().describe("The caller's IANA zone for the spoken label (default: the provider's)"),
    })
    .strict(),
  output: ZOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(deps, caller, input) {
    const locale = caller.locale ?? 'en';
    const start = Date.parse(input.start);
    const phoneGiven = input.customer.phone ?? caller.callerPhone;
    const phone = phoneGiven ? normalizePhone(phoneGiven) : undefined;
    const email = input.customer.email;
    if (!phone && !email) return refusal('contact_required', 'I need a phone number or an e-mail address to send the confirmation to.');
    if (unreachableByText(deps.smsPolicy, { phone, email })) {
      return refusal('contact_required', 'We cannot text this number; please ask for an e-mail address.');
    }
    if (start <= deps.clock().getTime()) return refusal('invalid_arguments', 'That time is in the past; pick a time from find_slots.');
    try {
      const held = await createBooking(
        {
          db: deps.db,
          client: deps.client,
          taskQueue: deps.taskQueue,
          now: deps.clock().getTime(),
          holdTtlMs: deps.agentHoldTtlMs,
          attendanceGraceMs: deps.attendanceGraceMs,
          calendar: deps.calendar,
          idempotencySecret: deps.idempotencySecret,
        },
        {
          serviceId: input.serviceId,
          providerId: input.providerId,
          start,
          customer: {
            name: input.customer.name,
            ...(phone ? { phone } : {}),
            ...(email ? { email } : {}),
            ...(input.timeZone ? { timeZone: input.timeZone } : {}),
          },
          intake: input.intake ?? {},
          channel: caller.channel,
          hold: true,
          createdBy: caller.id,
          ...(caller.locale ? { locale: caller.locale } : {}),
        },
      );
      const zone = input.timeZone ?? (await providerTimeZone(deps.db, held.providerId));
      const slot = spokenSlot({ start: Date.parse(held.start), end: Date.parse(held.end), providerId: held.providerId }, zone, locale);
      const expiresAt = held.holdExpiresAt ?? new Date(deps.clock().getTime() + deps.agentHoldTtlMs).toISOString();
      const minutes = Math.round(deps.agentHoldTtlMs / 60_000);
      return {
        ok: true,
        data: { bookingId: held.id, status: 'held' as const, start: slot.start, end: slot.end, label: slot.label, expiresAt },
        text: `Held ${slot.label} for ${minutes} minutes. Read it back to the caller and call confirm_booking when they agree.`,
      };
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'slot_unavailable' && err.code !== 'not_a_slot')) throw err;
      const zone =
        input.timeZone ??
        (input.providerId ? await providerTimeZone(deps.db, input.providerId) : ((await firstProviderOfService(deps.db, input.serviceId))?.time_zone ?? 'UTC'));
      const alternatives = await alternativesTo(deps, { serviceId: input.serviceId, providerId: input.providerId, start, timeZone: zone, locale });
      const said = spokenLabel(start, zone, locale);
      const why = err.code === 'not_a_slot' ? 'is not a time this service is offered at' : 'is no longer free';
      return refusal(
        err.code,
        alternatives.length > 0
          ? `${said} ${why}. The nearest free times are ${alternatives.map((a) => a.label).join('; ')}.`
          : `${said} ${why}, and nothing close to it is ${err.code === 'not_a_slot' ? 'free' : 'either'}.`,
        { alternatives },
      );
    }
  },
});
