/**
 * The settings screen's form (#20 item 3): text as typed ↔ the PATCH body. Blank means "not set" (sent as
 * null, so the server clears it; a blank name falls back to BUSINESS_NAME). The client checks what is
 * obvious (colour format, logo size, https) at the server's field names, so both sides' problems land on the
 * same field; the server stays the judge (422 `body.<field>`). Pure: no DOM, no React.
 */
import type { Settings } from '../../api/types.ts';
import type { FieldErrors } from '../catalog/errors.ts';

export type SettingsForm = {
  businessName: string;
  address: string;
  phone: string;
  email: string;
  logoUrl: string;
  accentColor: string;
  defaultLocale: '' | 'en' | 'de';
  defaultTimeZone: string;
};

export type SettingsBody = { [K in keyof SettingsForm]: string | null };

/** The server's cap on an uploaded logo (src/gateway/schemas/settings.schemas.ts MAX_LOGO_BYTES). */
export const MAX_LOGO_BYTES = 64 * 1024;
export const COLOR = /^#[0-9a-fA-F]{6}$/;

export function formFromSettings(s: Settings): SettingsForm {
  return {
    businessName: s.businessNameSet ? s.businessName : '',
    address: s.address ?? '',
    phone: s.phone ?? '',
    email: s.email ?? '',
    logoUrl: s.logoUrl ?? '',
    accentColor: s.accentColor ?? '',
    defaultLocale: s.defaultLocale ?? '',
    defaultTimeZone: s.defaultTimeZone ?? '',
  };
}

/** Decoded size of a `data:…;base64,` URL, in bytes. */
export function dataUrlBytes(url: string): number {
  const comma = url.indexOf(',');
  return comma < 0 ? 0 : Math.floor(((url.length - comma - 1) * 3) / 4);
}

export type SettingsResult = { ok: true; body: SettingsBody } | { ok: false; errors: FieldErrors };

export function settingsBody(f: SettingsForm): SettingsResult {
  const errors: FieldErrors = {};
  const v = (s: string) => (s.trim() === '' ? null : s.trim());
  const body: SettingsBody = {
    businessName: v(f.businessName),
    address: v(f.address),
    phone: v(f.phone),
    email: v(f.email),
    logoUrl: v(f.logoUrl),
    accentColor: v(f.accentColor)?.toLowerCase() ?? null,
    defaultLocale: f.defaultLocale === '' ? null : f.defaultLocale,
    defaultTimeZone: v(f.defaultTimeZone),
  };
  if ((body.businessName?.length ?? 0) > 100) errors.businessName = 'at most 100 characters';
  if (body.accentColor && !COLOR.test(body.accentColor)) errors.accentColor = 'enter a colour as #rrggbb, e.g. #0f766e';
  if (body.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email)) errors.email = 'enter an e-mail address';
  const logo = body.logoUrl;
  if (logo?.startsWith('data:')) {
    if (dataUrlBytes(logo) > MAX_LOGO_BYTES) errors.logoUrl = `the image is ${Math.ceil(dataUrlBytes(logo) / 1024)} kB; at most 64 kB`;
  } else if (logo && !/^https:\/\/\S+$/i.test(logo)) errors.logoUrl = 'enter an https:// link or upload an image';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}
