/**
 * The bookings page's front-desk bar: "New booking", the customer search (name, e-mail or phone; into
 * the URL as `q` on Enter or Search, so it combines with every filter and survives reload) and "Export
 * CSV" (the same filters and search, every booking they select — not only the shown page).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from '../../shared/link.tsx';
import { problemText } from '../bookings/problem.ts';
import type { BookingsState } from '../bookings/query-state.ts';
import { downloadCsv } from './csv-download.ts';
import './frontdesk.css';

type Props = { state: BookingsState; onChange: (next: BookingsState) => void; exportPath: string };

export function BookingsActions({ state, onChange, exportPath }: Props) {
  const [text, setText] = useState(state.q ?? '');
  const [exporting, setExporting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Back / forward or "Clear filters" change the URL: the box follows it.
  useEffect(() => setText(state.q ?? ''), [state.q]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    onChange({ ...state, ...(q ? { q } : { q: undefined }) });
  };
  const exportCsv = async () => {
    setExporting(true);
    setProblem(null);
    try {
      await downloadCsv(exportPath);
    } catch (err) {
      setProblem(`Could not export: ${problemText(err)}`);
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <div className="fd-actions bk-frontdesk">
        <Link href="/admin/bookings/new" className="fd-button">
          New booking
        </Link>
        <form className="fd-search" role="search" aria-label="Customer search" onSubmit={search}>
          <input
            type="search"
            aria-label="Search customers"
            placeholder="Name, e-mail or phone"
            maxLength={100}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">Search</button>
        </form>
        <button type="button" onClick={() => void exportCsv()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {problem && (
        <p className="notice bad" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
