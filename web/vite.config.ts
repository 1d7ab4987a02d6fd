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
        manualChunks: (id) => (/node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined),
      },
    },
  },
});
