/**
 * User-visible texts added with the widget's step URLs and the zone search, in one place so they move into
 * the translation catalogue at merge (issue #20 item 5). English only for now.
 */
export const STEP_TEXTS = {
  /** After a reload (or a shared link) at a time that is not free any more; the day's times follow. */
  timeGone: (time: string) => `The time you picked (${time}) is no longer free — please pick another.`,
  /** A reloaded or shared confirmation URL: the booking itself is never in the URL. */
  doneGone: 'To see or change a booking you made, use the link in its confirmation.',
};

export const ZONE_TEXTS = {
  label: 'Time zone',
  /** Screen-reader hint of the search field. */
  searchHint: 'Type a city, zone name or GMT offset',
  noMatch: 'No time zone matches',
  detected: 'Your zone',
  business: 'Business zone',
};
