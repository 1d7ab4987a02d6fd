/**
 * `GET /v1/admin/stats` as the overview uses it (source of truth: src/gateway/schemas/admin-stats.schemas.ts,
 * definitions in src/domain/stats/daily-stats.ts). Rates are 0..1, null when nothing was there to measure.
 */
export type StatsFigures = {
  created: number;
  confirmed: number;
  cancelled: number;
  expired: number;
  declined: number;
  completed: number;
  noShow: number;
  successRate: number | null;
  noShowRate: number | null;
  avgTimeToConfirmationSeconds: number | null;
  remindersDue: number;
  remindersSent: number;
  reminderDeliveryRate: number | null;
};

export type StatsDay = StatsFigures & { date: string };

export type AdminStats = {
  timeZone: string;
  from: string;
  to: string;
  days: StatsDay[];
  totals: StatsFigures;
  today: { date: string; bookings: number };
};
