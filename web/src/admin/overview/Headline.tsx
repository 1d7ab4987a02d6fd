/** The 30-day totals above the charts: bookings and the four rates, each with what it rests on. */
import { formatCount, formatDayShort, formatDuration, formatPercent, ofTotal } from './format.ts';
import type { StatsFigures } from './stats-types.ts';

export function Headline({ totals, days, from, to, timeZone }: { totals: StatsFigures; days: number; from: string; to: string; timeZone: string }) {
  const decided = totals.confirmed + totals.cancelled + totals.expired + totals.declined;
  const tiles = [
    {
      label: 'Bookings',
      value: formatCount(totals.created),
      note: `${formatCount(totals.confirmed)} confirmed · ${formatCount(totals.cancelled)} cancelled · ${formatCount(totals.expired)} expired · ${formatCount(totals.declined)} declined`,
    },
    { label: 'Booking success rate', value: formatPercent(totals.successRate), note: `${ofTotal(totals.confirmed, decided)} decided bookings stand` },
    {
      label: 'No-show rate',
      value: formatPercent(totals.noShowRate),
      note: `${ofTotal(totals.noShow, totals.completed + totals.noShow)} finished appointments`,
    },
    { label: 'Avg. time to confirmation', value: formatDuration(totals.avgTimeToConfirmationSeconds), note: 'booking made → confirmation sent' },
    {
      label: 'Reminder delivery rate',
      value: formatPercent(totals.reminderDeliveryRate),
      note: `${ofTotal(totals.remindersSent, totals.remindersDue)} due reminders sent`,
    },
  ];
  return (
    <section aria-labelledby="headline-title">
      <div className="headline-head">
        <h2 id="headline-title">Last {days} days</h2>
        <span className="muted">
          {formatDayShort(from)} – {formatDayShort(to)} · days in {timeZone}
        </span>
      </div>
      <dl className="headline">
        {tiles.map((t) => (
          <div key={t.label} className="card headline-tile">
            <dt>{t.label}</dt>
            <dd className="headline-value">{t.value}</dd>
            <dd className="muted headline-note">{t.note}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
