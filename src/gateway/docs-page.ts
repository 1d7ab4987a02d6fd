/**
 * `/docs`: Swagger UI rendering `/docs/openapi.json` — operations with their request bodies, examples,
 * every response and a "Try it out". Its files come from the installed `swagger-ui-dist` package, served
 * by the gateway itself (no CDN: the docs work offline and under a strict CSP with no inline script).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The files the page loads, by the name under /docs/assets/. */
export const DOCS_ASSETS = {
  'swagger-ui.css': { from: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { from: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'docs.js': { from: undefined, type: 'text/javascript; charset=utf-8' },
} as const;
export type DocsAsset = keyof typeof DOCS_ASSETS;

/** Starts Swagger UI on the page (a file of its own: the CSP allows no inline script). */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#docs',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    showExtensions: false,
    tryItOutEnabled: false,
  });
});
`;

let distDir: string | undefined;
const cache = new Map<DocsAsset, Buffer>();

/** The bytes of one asset, read once from node_modules/swagger-ui-dist. */
export function docsAsset(name: DocsAsset): Buffer {
  let bytes = cache.get(name);
  if (!bytes) {
    const from = DOCS_ASSETS[name].from;
    if (from === undefined) bytes = Buffer.from(INIT_SCRIPT);
    else {
      distDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      bytes = readFileSync(join(distDir, from));
    }
    cache.set(name, bytes);
  }
  return bytes;
}

/** The page's CSP: own scripts only; "Try it out" may call this origin and the documented server's. */
export function docsPageCsp(serverUrl: string | undefined): string {
  let server = '';
  try {
    if (serverUrl) server = ` ${new URL(serverUrl).origin}`;
  } catch {
    // not a URL: same origin only
  }
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'${server}; frame-ancestors 'none'`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderDocsPage(info: { title: string; version: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body>
<noscript><p>The reference needs JavaScript. Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1).</p></noscript>
<div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs.js"></script>
</body></html>`;
}
