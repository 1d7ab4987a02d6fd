/**
 * The business's settings (#20 item 3): `GET/PATCH /v1/admin/settings` (admin) and `GET /v1/branding`
 * (public, rate limited like every route): the name, logo, accent colour and contact the widget and the
 * manage page show. Branding is cached in this process for BRANDING_TTL_MS (a PATCH here drops it) and by
 * browsers for a minute, so a busy widget does not read the settings row per page view; another gateway
 * process shows a change within the TTL.
 */
import { updateSettings, type SettingsChanges } from '../../db/settings.repository.ts';
import { businessSettings, type BusinessSettings } from '../../use-cases/business-settings.ts';
import type { GatewayDeps } from '../deps.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZBranding, ZSettings, ZUpdateSettings, type TUpdateSettings } from '../schemas/settings.schemas.ts';

const BRANDING_TTL_MS = 10_000;

function presentSettings(s: BusinessSettings) {
  const { updatedAt, ...rest } = s;
  return { ...rest, updatedAt: updatedAt?.toISOString() ?? null };
}

function presentBranding(s: BusinessSettings) {
  const { businessName, logoUrl, accentColor, address, phone, email, defaultLocale, defaultTimeZone } = s;
  return { businessName, logoUrl, accentColor, address, phone, email, defaultLocale, defaultTimeZone };
}

function changesOf(body: TUpdateSettings): SettingsChanges {
  const map = {
    businessName: 'business_name',
    address: 'address',
    phone: 'phone',
    email: 'email',
    logoUrl: 'logo_url',
    accentColor: 'accent_color',
    defaultLocale: 'default_locale',
    defaultTimeZone: 'default_time_zone',
  } as const;
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(map)) {
    const v = body[field as keyof TUpdateSettings];
    if (v !== undefined) out[column] = v;
  }
  return out as SettingsChanges;
}

export function settingsRoutes(deps: GatewayDeps): AnyRoute[] {
  const defaultName = deps.businessName ?? 'slotflow';
  let cached: { at: number; value: ReturnType<typeof presentBranding> } | null = null;
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/settings',
      summary: "The business's settings: name, contact, logo, accent colour, default locale and time zone",
      tags: ['admin', 'settings'],
      auth: 'admin',
      responses: { 200: { description: 'The settings (unset fields are null)', schema: ZSettings } },
      async handler() {
        return presentSettings(await businessSettings(deps.db, defaultName));
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/admin/settings',
      summary: 'Change settings: absent fields stay, null (or an empty string) clears one',
      tags: ['admin', 'settings'],
      auth: 'admin',
      body: ZUpdateSettings,
      bodyExample: { businessName: 'Praxis Dr. Weber', phone: '+49 30 1234567', accentColor: '#0f766e' },
      responses: { 200: { description: 'The settings as saved', schema: ZSettings } },
      async handler({ body }) {
        await updateSettings(deps.db, changesOf(body));
        cached = null;
        return presentSettings(await businessSettings(deps.db, defaultName));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/branding',
      summary: 'What the booking pages show of the business: name, logo, accent colour, contact',
      tags: ['public'],
      auth: 'public',
      responses: { 200: { description: 'The branding', schema: ZBranding } },
      async handler(_input, _req, reply) {
        const now = Date.now();
        if (!cached || now - cached.at > BRANDING_TTL_MS) cached = { at: now, value: presentBranding(await businessSettings(deps.db, defaultName)) };
        reply.header('cache-control', 'public, max-age=60');
        return cached.value;
      },
    }),
  ];
}
