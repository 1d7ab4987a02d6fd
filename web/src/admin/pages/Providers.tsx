// Placeholder: filled in by the admin dashboard work (issue #6).
export function ProvidersPage() {
  return <h1>Providers</h1>;
}
