/** Weekday names customers write (English and German) → ISO weekday (1 = Monday … 7 = Sunday). Pure. */
export const WEEKDAYS: Readonly<Record<string, number>> = Object.freeze({
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonnabend: 6,
  sonntag: 7,
});
