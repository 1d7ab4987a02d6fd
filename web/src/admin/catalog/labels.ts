/**
 * Human names of field paths for the "please correct" summary: `intakeFields.2.key` → "Question 3 key",
 * `weeklyHours.mon.1` → "Monday hours, range 2", `requiredResources.0.count` → "Requirement 1 count";
 * unknown paths are shown as they are.
 */
const NAMES: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  durationMinutes: 'Duration',
  bufferBeforeMinutes: 'Buffer before',
  bufferAfterMinutes: 'Buffer after',
  slotIntervalMinutes: 'Slot interval',
  slotAlignment: 'Start times',
  minimumNoticeMinutes: 'Minimum notice',
  maximumAdvanceDays: 'Bookable ahead',
  maxBookingsPerDay: 'Bookings per day',
  maxBookingsPerWeek: 'Bookings per week',
  seats: 'Seats per session',
  requiresApproval: 'Approval',
  providerIds: 'Providers',
  intakeFields: 'Intake form',
  reminderOffsetsMinutes: 'Reminders',
  reminderChannels: 'Reminder channels',
  cancelNoticeMinutes: 'Cancel notice',
  rescheduleNoticeMinutes: 'Reschedule notice',
  noShowPolicy: 'No-show policy',
  active: 'Active',
  email: 'E-mail',
  phone: 'Phone',
  timeZone: 'Time zone',
  weeklyHours: 'Weekly hours',
  requiredResources: 'Rooms & equipment',
  location: 'Location',
  businessName: 'Business name',
  address: 'Address',
  logoUrl: 'Logo',
  accentColor: 'Accent colour',
  defaultLocale: 'Default language',
  defaultTimeZone: 'Default time zone',
  pool: 'Pool',
  start: 'From',
  end: 'Until',
  reason: 'Reason',
};
const DAYS: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

export function fieldLabel(path: string): string {
  const [head, ...rest] = path.split('.');
  if (head === 'intakeFields' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    return `Question ${Number(rest[0]) + 1}${rest[1] ? ` ${rest[1]}` : ''}`;
  }
  if (head === 'reminderOffsetsMinutes' && rest[0] !== undefined) return `Reminder ${Number(rest[0]) + 1}`;
  if (head === 'requiredResources' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    return `Requirement ${Number(rest[0]) + 1}${rest[1] === 'pool' ? ' pool' : rest[1] === 'count' ? ' count' : ''}`;
  }
  if (head === 'weeklyHours' && rest[0] && DAYS[rest[0]]) return `${DAYS[rest[0]]} hours${rest[1] !== undefined ? `, range ${Number(rest[1]) + 1}` : ''}`;
  return NAMES[head!] ?? path;
}
