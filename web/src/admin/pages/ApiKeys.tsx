/**
 * API keys: issue a key for an MCP client or a phone agent (scope `agent`) or another admin tool
 * (`admin`), see the key once, list the keys with their last use, revoke one. The key itself is shown
 * only in the answer that created it; lists show its prefix.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import { adminApi } from '../auth.ts';
import { useLoad } from '../catalog/use-load.ts';
import '../catalog/catalog.css';

type ApiKey = { id: string; name: string; scope: 'admin' | 'agent'; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

export function ApiKeysPage() {
  const keys = useLoad(() => adminApi<{ apiKeys: ApiKey[] }>('/v1/admin/api-keys'), []);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'agent' | 'admin'>('agent');
  const [issued, setIssued] = useState<(ApiKey & { key: string }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function issue(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const created = await adminApi<ApiKey & { key: string }>('/v1/admin/api-keys', { method: 'POST', body: { name, scope } });
      setIssued(created);
      setName('');
      keys.reload();
    } catch (err) {
      setProblem(err instanceof ApiError && err.errors.length > 0 ? err.errors.map((f) => f.message).join('; ') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: ApiKey) {
    if (!window.confirm(`Revoke "${k.name}"? Whatever uses it stops working at once.`)) return;
    try {
      await adminApi(`/v1/admin/api-keys/${k.id}`, { method: 'DELETE' });
      keys.reload();
    } catch (err) {
      setProblem((err as Error).message);
    }
  }

  return (
    <section className="cat-page" aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <p className="muted">
        An <strong>agent</strong> key lets an AI assistant (MCP at <code>/mcp</code>) or a phone agent book, move and cancel as a customer could — never the
        admin API. An <strong>admin</strong> key can do everything this dashboard does.
      </p>
      <form className="cat-form" onSubmit={issue} aria-labelledby="issue-title">
        <h2 id="issue-title">New key</h2>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required placeholder="e.g. Front-desk phone agent" />
        </label>
        <label>
          Scope
          <select value={scope} onChange={(e) => setScope(e.target.value as 'agent' | 'admin')}>
            <option value="agent">agent — book, move, cancel as a customer</option>
            <option value="admin">admin — everything</option>
          </select>
        </label>
        <button type="submit" className="cat-button primary" disabled={busy}>
          Create key
        </button>
      </form>
      {problem && (
        <p className="notice bad" role="alert">
          {problem}
        </p>
      )}
      {issued && (
        <div className="notice ok" role="status" aria-label="New key">
          <p>
            Key for <strong>{issued.name}</strong> ({issued.scope}). Copy it now — it is not shown again:
          </p>
          <code className="api-key" data-testid="issued-key">
            {issued.key}
          </code>
        </div>
      )}
      {keys.error && (
        <p className="notice bad" role="alert">
          Could not load the keys: {keys.error.message}
        </p>
      )}
      {keys.data && keys.data.apiKeys.length === 0 && <p className="muted">No keys issued yet.</p>}
      {keys.data && keys.data.apiKeys.length > 0 && (
        <table className="cat-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.apiKeys.map((k) => (
              <tr key={k.id}>
                <td data-label="Name">{k.name}</td>
                <td data-label="Scope">{k.scope}</td>
                <td data-label="Key">
                  <code>{k.prefix}…</code>
                </td>
                <td data-label="Created">{when(k.createdAt)}</td>
                <td data-label="Last used">{when(k.lastUsedAt)}</td>
                <td data-label="State">
                  {k.revokedAt ? (
                    <span className="badge cancelled">revoked {when(k.revokedAt)}</span>
                  ) : (
                    <button type="button" className="cat-button" onClick={() => void revoke(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
