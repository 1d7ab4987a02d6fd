/** The settings screen's form model and the pages' accent colour helpers (#20 item 3). */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../web/src/api/types.ts';
import { formFromSettings, settingsBody } from '../../../web/src/admin/settings/settings-form.ts';
import { accentForeground, contactLine } from '../../../web/src/shared/accent.ts';

const NOTHING_SET: Settings = {
  businessName: 'slotflow',
  businessNameSet: false,
  address: null,
  phone: null,
  email: null,
  logoUrl: null,
  accentColor: null,
  defaultLocale: null,
  defaultTimeZone: null,
  updatedAt: null,
};

describe('settings form', () => {
  it('an unset name is a blank field (not the BUSINESS_NAME default), and blanks are sent as null', () => {
    const form = formFromSettings(NOTHING_SET);
    expect(form.businessName).toBe('');
    expect(settingsBody(form)).toEqual({
      ok: true,
      body: {
        businessName: null,
        address: null,
        phone: null,
        email: null,
        logoUrl: null,
        accentColor: null,
        defaultLocale: null,
        defaultTimeZone: null,
      },
    });
  });

  it('trims, lower-cases the colour and keeps what was typed', () => {
    const res = settingsBody({ ...formFromSettings(NOTHING_SET), businessName: ' Praxis ', accentColor: '#0F766E', defaultLocale: 'de' });
    expect(res.ok && res.body).toMatchObject({ businessName: 'Praxis', accentColor: '#0f766e', defaultLocale: 'de' });
  });

  it('names each obvious problem at the server field', () => {
    const big = `data:image/png;base64,${'A'.repeat(90_000)}`;
    const res = settingsBody({ ...formFromSettings(NOTHING_SET), accentColor: 'teal', email: 'nope', logoUrl: 'http://x.example/l.png' });
    expect(res.ok ? null : res.errors).toEqual({
      accentColor: 'enter a colour as #rrggbb, e.g. #0f766e',
      email: 'enter an e-mail address',
      logoUrl: 'enter an https:// link or upload an image',
    });
    const tooBig = settingsBody({ ...formFromSettings(NOTHING_SET), logoUrl: big });
    expect(tooBig.ok ? null : tooBig.errors).toEqual({ logoUrl: 'the image is 66 kB; at most 64 kB' });
  });
});

describe('accent colour and contact', () => {
  it('text on the accent is white on dark colours and near-black on light ones', () => {
    expect(accentForeground('#0f766e')).toBe('#fff');
    expect(accentForeground('#2456c7')).toBe('#fff');
    expect(accentForeground('#fde047')).toBe('#111');
    expect(accentForeground('#ffffff')).toBe('#111');
  });

  it('the contact line joins what is set', () => {
    expect(contactLine({ phone: '+49 30 1', email: 'a@b.example' })).toBe('+49 30 1 · a@b.example');
    expect(contactLine({ phone: null, email: null })).toBeNull();
    expect(contactLine(null)).toBeNull();
  });
});
