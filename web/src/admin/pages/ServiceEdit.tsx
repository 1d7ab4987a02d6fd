// Placeholder: filled in by the admin dashboard work (issue #6).
export function ServiceEditPage({ id }: { id: string | null }) {
  return <h1>ServiceEdit {id ?? 'new'}</h1>;
}
