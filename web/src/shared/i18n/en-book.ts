/**
 * English of the booking widget's first steps (service → provider → time) and of the problems it shows:
 * bundled in the widget's first load, so short. The source of the keys (de.ts translates every one).
 */
import { translator } from './i18n.ts';

export const book = {
  pageTitle: 'Book an appointment',
  chooseService: 'Choose a service',
  unavailable: 'Booking unavailable',
  tryAgain: 'Try again',
  loading: 'Loading…',
  noServices: 'Nothing can be booked online at the moment.',
  serviceGone: 'This service cannot be booked online at the moment.',
  minutes: '{n} min',
  groupClass: { one: 'Group class · {n} seat', other: 'Group class · {n} seats' },
  seatsLeft: { one: '{n} seat left', other: '{n} seats left' },
  whoTitle: 'Who would you like to see?',
  anyone: 'Anyone available',
  otherService: 'Other service',
  otherProvider: 'Other provider',
  pickTitle: 'Pick a day and time',
  detailsTitle: 'Your details',
  changeTime: 'Change time',
  requestSent: 'Request sent',
  confirmed: 'Booking confirmed',
  video: 'Video call (the link comes with your confirmation)',
  timeZone: 'Time zone',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  dayFull: '{day}, no times available',
  loadingTimes: 'Loading times…',
  noTimesMonth: 'No free times this month — try the next one.',
  timesOn: 'Times on {day}',
  noTimesDay: 'No free times left on this day.',
  // The step in the URL (url-state.ts): a reloaded or shared step that cannot be shown as it was.
  timeGone: 'The time you picked ({time}) is no longer free — please pick another.',
  doneGone: 'To see or change a booking you made, use the link in its confirmation.',
  // Problems of reads (problems.ts); an action's are in en-form.ts.
  error: 'Something went wrong. Please try again.',
  busy: "We're busy right now — please try again in {n} s.",
  network: 'The booking service could not be reached. Check your connection and retry.',
};

export const t = translator('book', book);
