// Placeholder: filled in by the admin dashboard work (issue #6).
export function BookingDetailPage({ id }: { id: string }) {
  return <h1>Booking {id}</h1>;
}
