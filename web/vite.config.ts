/**
 * Three pages, one build: the booking widget (`book.html`, also what the embed's iframe loads), the
 * customer's manage page and the admin dashboard. Each page is its own entry, so the widget's first
 * load never carries the admin's code. `public/embed.js` is copied as is (a dependency-free loader).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const WIDGET = /\/web\/src\/(book|shared|api)\/|\/src\/domain\/time\/zones\.ts$/;
/** Loaded on demand (dynamic import) or by another page only: never part of the 'widget' chunk. */
const LAZY =
  /\/web\/src\/(book\/(DetailsStep|BookingForm|Confirmation|form-model|ics-file|proof-of-work|action-problems|form)|shared\/(ZoneCombobox|zone-search|zone-combobox|link|i18n\/(de|en-form|en-manage|en-zone)))\./;

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    // No modulepreload polyfill (~0.3 kB gzipped in the widget's first load): every browser the pages
    // support has <link rel="modulepreload"> (Chromium 66, Firefox 115, Safari 17); without it the chunks
    // still load, only without the early preload hint.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        book: path.join(root, 'book.html'),
        manage: path.join(root, 'manage.html'),
        admin: path.join(root, 'admin.html'),
      },
      output: {
        // React in a chunk of its own: what else the pages share (admin and widget both import
        // src/domain modules) then lands in small shared chunks, so the admin's imports never grow the
        // widget's first load. The widget's budget: < 80 kB gzipped (README "Web pages").
        //
        // The widget's own first load is one chunk ('widget'), not the four that sharing between the pages would
        // cut it into (book only; book + manage; book + manage + admin; book + admin): gzip packs one file ~1.7 kB
        // smaller. Its modules are those under book/, shared/ and api/ (and the zone helpers) except the lazy ones
        // — a new lazy module there must be added to LAZY, or it is loaded at once (the budget test then fails).
        manualChunks: (id) => {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          // The chunk holds the book page's entry (book/main.tsx), and the admin and manage pages load the chunk
          // for the shared modules in it: that entry mounts only where book.html's #book-root is.
          if (WIDGET.test(id) && !LAZY.test(id)) return 'widget';
          return undefined;
        },
      },
    },
  },
});
