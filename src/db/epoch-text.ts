/**
 * Many instants in one string: the availability loader asks the database for a provider's bookings and busy
 * blocks as `string_agg` of epoch seconds ("1772431200,1772431500;1772432000,…"), because building a row
 * object (and a Date) per booking costs more than the query itself on PGlite (measured: 40,000 rows ×
 * 3 instants in ~40 ms of CPU as text, vs ~400 ms as rows). `epochText` is the SQL side, `parseEpochText`
 * the JavaScript side.
 */
import { sql, type RawBuilder } from 'kysely';

/**
 * `round(date_part('epoch', <column>) * 1000)::float8`: a timestamptz expression as epoch milliseconds, a
 * float both drivers parse with parseFloat (no Date per column and row). For rows read one by one.
 */
export function epochMs(column: string): RawBuilder<number> {
  return sql.raw<number>(`round(date_part('epoch', ${column}) * 1000)::float8`);
}

/** The id no booking has: `id <> NO_BOOKING` when there is no booking to leave out (a move leaves out its own). */
export const NO_BOOKING = '00000000-0000-0000-0000-000000000000';

/**
 * `concat_ws(',', date_part('epoch', c1), …)` for timestamptz expressions: one comma-separated record of
 * epoch seconds (float8's shortest text: whole seconds print as integers, fractions with their digits).
 */
export function epochText(...columns: string[]): RawBuilder<string> {
  return sql<string>`concat_ws(',', ${sql.join(columns.map((c) => sql.raw(`date_part('epoch', ${c})`)))})`;
}

/**
 * Parses `width` numbers per record from "a,b;c,d;…" (records separated by ';', fields by ','), as epoch
 * milliseconds, into one flat array (record i's field j at i × width + j). An empty or null text is no
 * records. Throws on a record with another number of fields: the query and the caller disagree.
 */
export function parseEpochText(text: string | null | undefined, width: number): number[] {
  const out: number[] = [];
  if (!text) return out;
  let field = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : SEMICOLON; // the end of the text ends the last record
    if (c !== COMMA && c !== SEMICOLON) continue;
    out.push(secondsToMs(text, start, i));
    field++;
    start = i + 1;
    if (c === SEMICOLON) {
      if (field !== width) throw new Error(`epoch text: a record has ${field} fields, expected ${width}`);
      field = 0;
    }
  }
  return out;
}

const COMMA = 44;
const SEMICOLON = 59;
const DOT = 46;
const ZERO = 48;

/**
 * text[from, to) as epoch seconds → milliseconds. Plain digits with an optional fraction (what float8 prints
 * for any instant after 1970) are read by hand, without a substring per number; anything else (a sign, an
 * exponent) goes through `Number`.
 */
function secondsToMs(text: string, from: number, to: number): number {
  let whole = 0;
  let i = from;
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === to && to > from) return whole * 1000;
  if (i > from && text.charCodeAt(i) === DOT) {
    let fraction = 0;
    let scale = 1;
    let k = i + 1;
    for (; k < to; k++) {
      const d = text.charCodeAt(k) - ZERO;
      if (d < 0 || d > 9) break;
      fraction = fraction * 10 + d;
      scale *= 10;
    }
    if (k === to && k > i + 1) return Math.round((whole + fraction / scale) * 1000);
  }
  const seconds = Number(text.slice(from, to));
  if (to === from || !Number.isFinite(seconds)) throw new Error(`epoch text: "${text.slice(from, to)}" is not a number`);
  return Math.round(seconds * 1000);
}
