/**
 * The business's settings as every reader sees them (#20 item 3): the stored row (db/settings.repository.ts)
 * over the config's defaults — BUSINESS_NAME is the name while the admin has set none. Messages read these
 * at send time (one small read per message), so a change applies to the next message without a restart;
 * workflows never see them.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { readSettings } from '../db/settings.repository.ts';

export type BusinessSettings = {
  businessName: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** An https URL or a `data:image/…` URL (an uploaded image, ≤ 64 kB). */
  logoUrl: string | null;
  /** `#rrggbb`, lower case. */
  accentColor: string | null;
  defaultLocale: 'en' | 'de' | null;
  defaultTimeZone: string | null;
  /** Whether the name is the admin's (false: BUSINESS_NAME's). */
  businessNameSet: boolean;
  updatedAt: Date | null;
};

export async function businessSettings(db: Kysely<DB>, defaultName: string): Promise<BusinessSettings> {
  const s = await readSettings(db);
  return {
    businessName: s.business_name ?? defaultName,
    businessNameSet: s.business_name !== null,
    address: s.address,
    phone: s.phone,
    email: s.email,
    logoUrl: s.logo_url,
    accentColor: s.accent_color,
    defaultLocale: s.default_locale,
    defaultTimeZone: s.default_time_zone,
    updatedAt: s.updated_at,
  };
}

/** How a customer reaches the business, for "contact us" texts: "+49 30 123456 · hello@clinic.example", or null. */
export function businessContact(s: Pick<BusinessSettings, 'phone' | 'email'>): string | null {
  const parts = [s.phone, s.email].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : null;
}
