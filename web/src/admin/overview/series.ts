/**
 * The overview's five charts as data (pure): for each, its title, what it measures (the API's
 * definition in words), the y axis and one point per day — the value drawn and, for the text
 * alternative, the counts it rests on. Null values stay null: the chart leaves a gap.
 */
import { formatCount, formatDuration, formatPercent, ofTotal } from './format.ts';
import { countAxis, durationAxis, rateAxis, type Axis } from './scale.ts';
import type { AdminStats, StatsDay } from './stats-types.ts';

export type SeriesPoint = {
  date: string;
  value: number | null;
  /** The value as text. */ text: string;
  /** What it rests on, e.g. '2 of 3 decided bookings'. */ basis: string;
};

export type ChartSeries = {
  id: string;
  title: string;
  /** What is measured, shown under the title and in the SVG's description. */
  measures: string;
  kind: 'line' | 'bar';
  axis: Axis;
  /** Writes an axis tick or a value. */
  format: (v: number) => string;
  /** Column headers of the data table: the value and its basis. */
  valueHeader: string;
  basisHeader: string;
  points: SeriesPoint[];
};

const pct = (v: number) => formatPercent(v);
const dur = (v: number) => formatDuration(v);
const cnt = (v: number) => formatCount(v);

function build(
  days: StatsDay[],
  spec: Omit<ChartSeries, 'points' | 'axis'> & {
    value: (d: StatsDay) => number | null;
    basis: (d: StatsDay) => string;
    axis: (values: (number | null)[]) => Axis;
  },
): ChartSeries {
  const values = days.map(spec.value);
  const { value: _value, basis, axis, ...rest } = spec;
  return {
    ...rest,
    axis: axis(values),
    points: days.map((d, i) => {
      const v = values[i] ?? null;
      return { date: d.date, value: v, text: v === null ? formatPercent(null) : spec.format(v), basis: basis(d) };
    }),
  };
}

export function overviewSeries(stats: AdminStats): ChartSeries[] {
  const days = stats.days;
  const decided = (d: StatsDay) => d.confirmed + d.cancelled + d.expired + d.declined;
  return [
    build(days, {
      id: 'bookings-per-day',
      title: 'Bookings per day',
      measures: 'New bookings by the day they were made, any outcome.',
      kind: 'bar',
      format: cnt,
      valueHeader: 'Bookings',
      basisHeader: 'Of which confirmed',
      value: (d) => d.created,
      basis: (d) => formatCount(d.confirmed),
      axis: (v) => countAxis(v),
    }),
    build(days, {
      id: 'success-rate',
      title: 'Booking success rate',
      measures: 'Share of each day’s decided new bookings that stand confirmed (not cancelled, expired or declined).',
      kind: 'line',
      format: pct,
      valueHeader: 'Success rate',
      basisHeader: 'Confirmed of decided',
      value: (d) => d.successRate,
      basis: (d) => ofTotal(d.confirmed, decided(d)),
      axis: () => rateAxis(),
    }),
    build(days, {
      id: 'no-show-rate',
      title: 'No-show rate',
      measures: 'Share of each day’s finished appointments the customer missed.',
      kind: 'line',
      format: pct,
      valueHeader: 'No-show rate',
      basisHeader: 'No-shows of finished',
      value: (d) => d.noShowRate,
      basis: (d) => ofTotal(d.noShow, d.completed + d.noShow),
      axis: () => rateAxis(),
    }),
    build(days, {
      id: 'time-to-confirmation',
      title: 'Average time to confirmation',
      measures: 'From a booking being made to its confirmation message going out, averaged over the day’s new bookings.',
      kind: 'line',
      format: dur,
      valueHeader: 'Average time',
      basisHeader: 'Bookings made',
      value: (d) => d.avgTimeToConfirmationSeconds,
      basis: (d) => formatCount(d.created),
      axis: (v) => durationAxis(v),
    }),
    build(days, {
      id: 'reminder-delivery',
      title: 'Reminder delivery rate',
      measures: 'Share of the reminders that fell due each day that were sent.',
      kind: 'line',
      format: pct,
      valueHeader: 'Delivery rate',
      basisHeader: 'Sent of due',
      value: (d) => d.reminderDeliveryRate,
      basis: (d) => ofTotal(d.remindersSent, d.remindersDue),
      axis: () => rateAxis(),
    }),
  ];
}

/** One sentence for the SVG's `<desc>`: the span, how many days have a value, the latest and the range. */
export function describeSeries(s: ChartSeries): string {
  const withValue = s.points.filter((p) => p.value !== null);
  const first = s.points[0]?.date;
  const last = s.points[s.points.length - 1]?.date;
  const span = first && last ? `${first} to ${last}` : 'no days';
  if (withValue.length === 0) return `${s.measures} ${span}: no data yet.`;
  const values = withValue.map((p) => p.value!);
  const latest = withValue[withValue.length - 1]!;
  return (
    `${s.measures} ${span}: ${withValue.length} of ${s.points.length} days have a value; ` +
    `latest ${latest.text} on ${latest.date}; lowest ${s.format(Math.min(...values))}, highest ${s.format(Math.max(...values))}. ` +
    'The table after the chart lists every day.'
  );
}
