/**
 * `GET /v1/admin/stats` as the overview uses it: the server's own types (definitions of every figure in
 * src/domain/stats/daily-stats.ts; type-only, nothing of it is bundled). Rates are 0..1, null when
 * nothing was there to measure.
 */
import type { AdminStats, StatsFigures } from '../../../../src/domain/stats/daily-stats.ts';

export type { AdminStats, StatsFigures };
export type StatsDay = AdminStats['days'][number];
