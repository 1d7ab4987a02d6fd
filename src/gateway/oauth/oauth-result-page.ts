/**
 * The small HTML page the admin's browser shows after OAuth consent. Every text is HTML-escaped (a
 * calendar's name comes from the provider account and may hold markup), and the page is served with a
 * CSP that allows no script, no external resource and no framing — so even a missed escape runs nothing.
 */
export const RESULT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function oauthResultPage(title: string, text: string): string {
  const t = escapeHtml(title);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${t}</title><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto"><h1>${t}</h1><p>${escapeHtml(text)}</p></body></html>`;
}
