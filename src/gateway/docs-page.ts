/**
 * A self-contained HTML rendering of the OpenAPI document (no CDN scripts: the docs work offline and
 * under a strict CSP). Machine clients read `/docs/openapi.json`.
 */
type Doc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; security?: unknown[]; responses: Record<string, { description: string }> }>>;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderDocsPage(doc: Doc): string {
  const rows = Object.entries(doc.paths)
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(p)}</code></td>` +
          `<td>${esc(op.summary ?? '')}${op.security ? ' <em>(admin)</em>' : ''}</td>` +
          `<td>${Object.keys(op.responses).map(esc).join(' ')}</td></tr>`,
      ),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}</style>
</head><body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p><p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Responses</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
