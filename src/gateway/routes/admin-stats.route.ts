/**
 * `GET /v1/admin/stats`: the admin dashboard's figures for the last `days` local days in `timeZone`, up
 * to and including today by the gateway's clock — booking success rate, no-show rate, average time to
 * confirmation and reminder delivery rate per day, the counts behind them, totals, and today's
 * appointments. Definitions: src/domain/stats/daily-stats.ts (and the OpenAPI descriptions).
 */
import { z } from 'zod';
import { dailyCounts } from '../../db/admin-stats.repository.ts';
import { sqlState } from '../../db/pg-errors.ts';
import { assembleStats, STATS_DEFAULT_DAYS, STATS_MAX_DAYS, statsWindow } from '../../domain/stats/daily-stats.ts';
import { canonicalTimeZone } from '../../domain/time/zones.ts';
import { AppError } from '../../errors.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZAdminStats } from '../schemas/admin-stats.schemas.ts';

const ZONE_MESSAGE = 'must be an IANA time zone, e.g. Europe/Berlin';

const ZStatsQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(STATS_MAX_DAYS).default(STATS_DEFAULT_DAYS).describe(`Local days up to and including today (1–${STATS_MAX_DAYS})`),
    timeZone: z
      .string()
      .default('UTC')
      .transform((zone, ctx) => canonicalTimeZone(zone) ?? (ctx.addIssue({ code: 'custom', message: ZONE_MESSAGE }), z.NEVER))
      .describe('IANA zone the days are taken in (default UTC)'),
  })
  .strict();

/** PostgreSQL's "time zone … not recognized": a zone `Intl` knows but this database's tz data does not. */
const UNKNOWN_ZONE = '22023';

export function adminStatsRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/stats',
      summary: 'Dashboard figures per local day: booking success rate, no-show rate, time to confirmation, reminder delivery',
      tags: ['admin'],
      auth: 'admin',
      query: ZStatsQuery,
      responses: { 200: { description: 'Figures per local day (oldest first), totals over the window and today’s appointments', schema: ZAdminStats } },
      async handler({ query }) {
        const now = deps.clock();
        const window = statsWindow(now, query.timeZone, query.days);
        try {
          const counts = await dailyCounts(deps.db, { timeZone: window.timeZone, first: window.first, today: window.today, now });
          return assembleStats(window, counts.byDay, counts.todayBookings);
        } catch (err) {
          if (sqlState(err) !== UNKNOWN_ZONE) throw err;
          throw new AppError('invalid_request', `query.timeZone: ${ZONE_MESSAGE}`, {
            errors: [{ path: 'query.timeZone', message: `${ZONE_MESSAGE} (unknown to the database)` }],
          });
        }
      },
    }),
  ];
}
