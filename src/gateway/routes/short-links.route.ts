/**
 * `GET /s/{code}`: the short manage links SMS bodies carry (one GSM-7 segment has no room for the
 * 85-character signed token) → 302 to the manage link they stand for. The token behind the code still
 * decides what the link may do and until when; the code itself is ~58 random bits behind the rate limit.
 */
import { z } from 'zod';
import { tokenForShortCode } from '../../db/short-link.repository.ts';
import { AppError } from '../../errors.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';

export function shortLinkRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/s/:code',
      summary: 'Short manage link (from an SMS) → 302 to the manage link',
      tags: ['public'],
      auth: 'public',
      errors: ['not_found'],
      params: z.object({ code: z.string().regex(/^[A-Za-z0-9]{10}$/, 'must be a 10-character link code') }).strict(),
      responses: { 302: { description: 'Redirect to the manage link' } },
      async handler({ params }, _req, reply) {
        const token = await tokenForShortCode(deps.db, params.code);
        if (!token || !deps.links) throw new AppError('not_found', 'This link does not exist.');
        return reply.redirect(deps.links.manageUrlOf(token), 302);
      },
    }),
  ];
}
