// Placeholder: filled in by the admin dashboard work (issue #6).
export function ProviderEditPage({ id }: { id: string | null }) {
  return <h1>ProviderEdit {id ?? 'new'}</h1>;
}
