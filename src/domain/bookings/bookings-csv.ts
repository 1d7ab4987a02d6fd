/**
 * The bookings export (GET /v1/admin/bookings.csv) as CSV text: RFC 4180 (comma, CRLF line ends, a field
 * with a comma, quote, CR or LF in double quotes with its quotes doubled) with a header row. Spreadsheet
 * programs run a cell that starts with = + - @ (or a tab / CR before one) as a formula — a customer could
 * type "=HYPERLINK(…)" as their name — so such a cell gets a leading apostrophe and is shown as text.
 */
import { formatInZone } from '../time/zones.ts';

/** What one exported row says about a booking; instants in ms. */
export type CsvBooking = {
  id: string;
  status: string;
  start: number;
  end: number;
  /** The zone the local times are in: the booking's (its customer's, else its provider's). */
  timeZone: string;
  serviceName: string;
  providerName: string;
  customerName: string;
  customerEmail: string | null;
  customerPhone: string | null;
  channel: string;
  attendance: string | null;
  cancelReason: string | null;
  createdAt: number;
};

export const CSV_HEADER = [
  'id',
  'status',
  'start_utc',
  'end_utc',
  'start_local',
  'end_local',
  'time_zone',
  'service',
  'provider',
  'customer_name',
  'customer_email',
  'customer_phone',
  'channel',
  'attendance',
  'cancel_reason',
  'created_at_utc',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: guarded against formulas, then quoted when it must be. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record with its CRLF. Instants: ISO-8601 in UTC, and local with the zone's offset. */
export function csvRow(b: CsvBooking): string {
  const utc = (ms: number) => new Date(ms).toISOString();
  const cells = [
    b.id,
    b.status,
    utc(b.start),
    utc(b.end),
    formatInZone(b.start, b.timeZone),
    formatInZone(b.end, b.timeZone),
    b.timeZone,
    b.serviceName,
    b.providerName,
    b.customerName,
    b.customerEmail,
    b.customerPhone,
    b.channel,
    b.attendance,
    b.cancelReason,
    utc(b.createdAt),
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function csvHeaderLine(): string {
  return `${CSV_HEADER.join(',')}\r\n`;
}
