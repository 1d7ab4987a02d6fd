// Placeholder: filled in by the admin dashboard work (issue #6).
export function ServicesPage() {
  return <h1>Services</h1>;
}
