/**
 * The business's settings and branding (#20 item 3): `PATCH /v1/admin/settings` takes any subset (null
 * clears a field), `GET /v1/admin/settings` answers all of them, `GET /v1/branding` what pages show.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../../domain/time/zones.ts';

/** An uploaded logo is stored in the database as a data: URL; this caps it (and the branding answer). */
export const MAX_LOGO_BYTES = 64 * 1024;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/** An https URL, or a small image as a `data:image/…;base64,` URL (≤ 64 kB decoded). */
export const ZLogoUrl = z
  .string()
  .trim()
  .check((ctx) => {
    const v = ctx.value;
    const issue = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: v });
    if (v.startsWith('data:')) {
      if (!DATA_IMAGE.test(v)) return issue('needs a base64 PNG, JPEG, GIF, WebP or SVG image (data:image/…;base64,…)');
      const bytes = Math.floor(((v.length - v.indexOf(',') - 1) * 3) / 4);
      if (bytes > MAX_LOGO_BYTES) issue(`is ${Math.ceil(bytes / 1024)} kB; an uploaded logo may be at most ${MAX_LOGO_BYTES / 1024} kB`);
      return;
    }
    if (v.length > 2000) return issue('is too long (at most 2000 characters)');
    if (!URL.canParse(v) || new URL(v).protocol !== 'https:') issue('needs an https:// URL or an uploaded image');
  });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

export const ZUpdateSettings = z
  .object({
    businessName: z.string().trim().min(1, 'must not be empty').max(100).nullable(),
    address: optionalText(300),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^$|^\+?[0-9 ()./-]{3,40}$/, 'needs a phone number (digits, spaces, + ( ) . / -)')
      .transform((s) => (s === '' ? null : s))
      .nullable(),
    email: z
      .union([z.literal(''), z.email('needs an e-mail address').max(254)])
      .transform((s) => (s === '' ? null : s))
      .nullable(),
    logoUrl: z
      .union([z.literal(''), ZLogoUrl])
      .transform((s) => (s === '' ? null : s))
      .nullable(),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'needs a colour as #rrggbb, e.g. #0f766e')
      .transform((s) => s.toLowerCase())
      .nullable(),
    defaultLocale: z.enum(['en', 'de']).nullable(),
    defaultTimeZone: z.string().refine(isValidTimeZone, 'needs an IANA time zone, e.g. Europe/Berlin').nullable(),
  })
  .partial()
  .strict();
export type TUpdateSettings = z.output<typeof ZUpdateSettings>;

export const ZSettings = z.object({
  businessName: z.string().describe('The name customers see; BUSINESS_NAME while none is set'),
  businessNameSet: z.boolean().describe('Whether the name was set here (false: the BUSINESS_NAME default)'),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  logoUrl: z.string().nullable().describe('An https URL or an uploaded image (data: URL, ≤ 64 kB)'),
  accentColor: z.string().nullable().describe('#rrggbb'),
  defaultLocale: z.enum(['en', 'de']).nullable(),
  defaultTimeZone: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});

export const ZBranding = z.object({
  businessName: z.string(),
  logoUrl: z.string().nullable(),
  accentColor: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  defaultLocale: z.enum(['en', 'de']).nullable(),
  defaultTimeZone: z.string().nullable(),
});
