/**
 * The widget's first-load budget (issue #6: under 80 kB gzipped): everything book.html loads before the
 * customer can pick a time — the page, its entry script, the chunks it modulepreloads, its stylesheets —
 * plus embed.js, each gzipped at level 9 as a server would send them. Lazy chunks (the booking form,
 * loaded while the customer picks a time) are not part of the first load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

const BUDGET_BYTES = 80_000;

function firstLoad(dist: string, page: string): { file: string; gz: number }[] {
  const html = fs.readFileSync(path.join(dist, page), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  expect(refs.some((r) => r.endsWith('.js'))).toBe(true);
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
  return [page, ...refs.map((r) => r.slice(1))].map((file) => ({ file, gz: gz(file) }));
}

describe('web bundle size', () => {
  it('keeps the booking widget’s first load (book.html + embed.js) under 80 kB gzipped', () => {
    const dist = inject('webDist');
    expect(dist, `web build failed: ${inject('webBuildError')}`).not.toBe('');
    const files = [...firstLoad(dist, 'book.html'), { file: 'embed.js', gz: gzipSync(fs.readFileSync(path.join(dist, 'embed.js')), { level: 9 }).length }];
    const total = files.reduce((s, f) => s + f.gz, 0);
    console.log(`widget first load: ${total} B gzipped (${files.map((f) => `${f.file} ${f.gz}`).join(', ')})`);
    expect(total).toBeLessThan(BUDGET_BYTES);
  });
});
