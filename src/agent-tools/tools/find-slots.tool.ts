/**
 * find_slots: free starts for a service, spread across days (not the five earliest of one morning), with
 * labels to say; none in the range → the next date that has one (looked up to 60 days further).
 */
import { z } from 'zod';
import { MAX_RANGE_DAYS, resolveRange } from '../../domain/availability/query.ts';
import { inPartOfDay, suggestSlots, PART_OF_DAYS } from '../../domain/availability/slot-suggestions.ts';
import { addDays, localDate } from '../../domain/time/zones.ts';
import { availableSlots } from '../../use-cases/available-slots.ts';
import { defineAgentTool } from '../agent-tool.ts';
import { spokenSlot } from '../spoken.ts';
import { ZId, ZSpokenSlot, ZTimeZone } from '../tool-schemas.ts';

const ZDateOrInstant = z.string().min(10).max(40).describe('A date YYYY-MM-DD (in timeZone) or an ISO-8601 date-time with offset');
/** Without `to`: two weeks from `from`. */
const DEFAULT_SPAN_DAYS = 14;
/** How far past an empty range the next free date is looked for. */
const LOOKAHEAD_DAYS = 60;

const ZOutput = z.object({
  timeZone: z.string(),
  slots: z.array(ZSpokenSlot),
  /** When `slots` is empty: the first later start that fits (date in timeZone, and how to say it), or null. */
  nextAvailable: z.object({ date: z.string(), start: z.string(), label: z.string() }).nullable(),
});

export const findSlotsTool = defineAgentTool({
  name: 'find_slots',
  title: 'Find free times',
  description:
    'Finds free start times for a service. Use it before offering or holding any time — never invent a time. ' +
    'Give the caller\'s time zone; narrow with partOfDay when they said "morning", "afternoon" or "evening". ' +
    'Read two or three of the labels to the caller and let them choose. When nothing is free it returns the next date that has a time.',
  input: z
    .object({
      serviceId: ZId,
      providerId: ZId.optional().describe('Only this provider; omit for anyone who offers the service'),
      from: ZDateOrInstant,
      to: ZDateOrInstant.optional().describe('Inclusive end date; default two weeks after from'),
      timeZone: ZTimeZone.describe("The caller's IANA time zone, e.g. Europe/Berlin"),
      partOfDay: z.enum(PART_OF_DAYS).optional(),
      limit: z.number().int().min(1).max(20).default(5),
    })
    .strict(),
  output: ZOutput,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(deps, caller, input) {
    const now = deps.clock().getTime();
    const locale = caller.locale ?? 'en';
    const to =
      input.to ?? addDays(/^\d{4}-\d{2}-\d{2}$/.test(input.from) ? input.from : localDate(Date.parse(input.from), input.timeZone), DEFAULT_SPAN_DAYS - 1);
    const range = resolveRange({ from: input.from, to, timeZone: input.timeZone });
    const wanted = (slots: Awaited<ReturnType<typeof availableSlots>>) =>
      input.partOfDay ? slots.filter((s) => inPartOfDay(s.start, input.timeZone, input.partOfDay!)) : slots;
    const free = wanted(await availableSlots(deps.db, { serviceId: input.serviceId, providerId: input.providerId, range }, now));
    const picks = suggestSlots(free, { timeZone: input.timeZone, limit: input.limit });
    if (picks.length > 0) {
      const slots = picks.map((s) => spokenSlot(s, input.timeZone, locale));
      return { ok: true, data: { timeZone: input.timeZone, slots, nextAvailable: null }, text: `Free times: ${slots.map((s) => s.label).join('; ')}.` };
    }
    // Nothing in the range: the first later start, in windows the engine accepts.
    let nextAvailable: z.output<typeof ZOutput>['nextAvailable'] = null;
    for (let from = range.end, searched = 0; searched < LOOKAHEAD_DAYS && !nextAvailable; searched += MAX_RANGE_DAYS - 2) {
      const window = { start: from, end: from + (MAX_RANGE_DAYS - 2) * 86_400_000 };
      const first = wanted(await availableSlots(deps.db, { serviceId: input.serviceId, providerId: input.providerId, range: window }, now))[0];
      if (first) {
        const spoken = spokenSlot(first, input.timeZone, locale);
        nextAvailable = { date: localDate(first.start, input.timeZone), start: spoken.start, label: spoken.label };
      }
      from = window.end;
    }
    const text = nextAvailable ? `Nothing is free then. The next free time is ${nextAvailable.label}.` : 'Nothing is free in the next weeks for this service.';
    return { ok: true, data: { timeZone: input.timeZone, slots: [], nextAvailable }, text };
  },
});
