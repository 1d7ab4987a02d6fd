// Placeholder: filled in by the admin dashboard work (issue #6).
export function OverviewPage() {
  return <h1>Overview</h1>;
}
