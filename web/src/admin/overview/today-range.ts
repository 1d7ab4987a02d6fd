/**
 * Today in the browser's zone as the instants `GET /v1/admin/bookings?from&to` takes: local midnight to
 * the next local midnight (23 or 25 hours on DST days — `Date` does the zone arithmetic).
 */
export function todayRange(now: Date): { from: string; to: string } {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}
