// Placeholder: filled in by the admin dashboard work (issue #6).
export function BookingsPage() {
  return <h1>Bookings</h1>;
}
