/**
 * Buffers: a service's minutes kept clear before and after each of its appointments. One rule, seen from
 * either side — a slot [start, end) conflicts with busy time [b0, b1) exactly when the busy time meets the
 * slot's buffered window [start − before, end + after), which is the same as the busy time grown by
 * [b0 − after, b1 + before) meeting the slot itself. The availability engine grows the busy time (one pass
 * over many slots); the live calendar check asks for the buffered window of its one slot.
 */
import type { Interval } from './types.ts';

const MINUTE = 60_000;

export type Buffers = { bufferBeforeMinutes: number; bufferAfterMinutes: number };

/** The time a slot keeps clear: [start − before, end + after). */
export function bufferedWindow(slot: Interval, buffers: Buffers): Interval {
  return { start: slot.start - buffers.bufferBeforeMinutes * MINUTE, end: slot.end + buffers.bufferAfterMinutes * MINUTE };
}

/** Busy time as the slots of a service with `buffers` see it: [start − after, end + before). */
export function blockedForSlots(busy: Interval, buffers: Buffers): Interval {
  return { start: busy.start - buffers.bufferAfterMinutes * MINUTE, end: busy.end + buffers.bufferBeforeMinutes * MINUTE };
}
