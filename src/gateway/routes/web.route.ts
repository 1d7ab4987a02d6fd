/**
 * The web pages, served from the Vite build in `web/dist` (src/web-bundle.ts):
 * - `/book`, `/book/{serviceId}`: the booking widget (also the embed's iframe; frameable by any site),
 * - `/manage/{token}`: the customer's manage page (the page reads the token from its own URL),
 * - `/admin`, `/admin/…`: the admin dashboard (never framed),
 * - `/embed.js` (the one-line embed loader), `/favicon.svg` (every page's icon) and `/assets/*` (hashed,
 *   cached for a year).
 * Images may come from https (the business's logo is an https URL or an uploaded data: URL).
 * Every path is behind the same global rate limit as the API. Without a build the routes are absent
 * and the gateway logs why (the API works without pages).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Pages any site may frame (the widget); everything else refuses to be framed (clickjacking). */
const FRAMEABLE = 'frame-ancestors *';
const NOT_FRAMEABLE = "frame-ancestors 'none'";

export async function registerWebRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  const html = (name: string) => fs.readFileSync(path.join(distDir, name), 'utf8');
  // Read once: the build does not change under a running gateway (a rebuild means a restart).
  const pages = { book: html('book.html'), manage: html('manage.html'), admin: html('admin.html') };
  const embed = fs.readFileSync(path.join(distDir, 'embed.js'));
  const faviconPath = path.join(distDir, 'favicon.svg');
  const favicon = fs.existsSync(faviconPath) ? fs.readFileSync(faviconPath) : null;
  const send = (reply: FastifyReply, body: string, frameable: boolean) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', frameable ? 'strict-origin-when-cross-origin' : 'no-referrer')
      .header(
        'content-security-policy',
        `default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; ${frameable ? FRAMEABLE : NOT_FRAMEABLE}`,
      )
      .send(body);

  app.get('/book', async (_req, reply) => send(reply, pages.book, true));
  app.get('/book/:serviceId', async (_req, reply) => send(reply, pages.book, true));
  // Manage links carry the token in the path; `no-referrer` keeps it out of other sites' logs.
  app.get('/manage/:token', async (_req, reply) => send(reply, pages.manage, false));
  app.get('/admin', async (_req, reply) => send(reply, pages.admin, false));
  app.get('/admin/*', async (_req, reply) => send(reply, pages.admin, false));

  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  if (favicon) {
    app.get('/favicon.svg', async (_req, reply) =>
      reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(favicon),
    );
  }
  app.get('/embed.js', async (_req, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(embed),
  );
}
