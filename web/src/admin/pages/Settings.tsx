/**
 * Settings (#20 item 3): the business's name, contact, logo, accent colour, default language and time zone.
 * Save sends every field (PATCH /v1/admin/settings; blank clears); problems found here or by the server
 * (422 `body.<field>`) appear at their fields. The preview shows the customer pages' header and a button in
 * the colour as typed, before saving.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import type { Settings } from '../../api/types.ts';
import { accentForeground } from '../../shared/branding.ts';
import { adminApi } from '../auth.ts';
import { errorAt, errorsFromProblems, type FieldErrors } from '../catalog/errors.ts';
import { fieldLabel } from '../catalog/labels.ts';
import { timeZoneOptions } from '../catalog/time-zones.ts';
import { SaveProblems, TextField, useFocusFirstInvalid, HintAndError, describedBy } from '../catalog/ui.tsx';
import { useLoad } from '../catalog/use-load.ts';
import { COLOR, dataUrlBytes, formFromSettings, MAX_LOGO_BYTES, settingsBody, type SettingsForm } from '../settings/settings-form.ts';
import '../catalog/catalog.css';

const DEFAULT_ACCENT = '#2456c7';

export function SettingsPage() {
  const loaded = useLoad<Settings>(() => adminApi<Settings>('/v1/admin/settings'), []);
  // Survives the editor's remount after a save (keyed by `updatedAt`).
  const [flash, setFlash] = useState<string | null>(null);
  if (loaded.error)
    return (
      <p className="notice bad" role="alert">
        Could not load the settings: {loaded.error.message}
      </p>
    );
  if (!loaded.data)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  return (
    <SettingsEditor
      key={loaded.data.updatedAt ?? 'new'}
      settings={loaded.data}
      flash={flash}
      onEdit={() => setFlash(null)}
      onSaved={(s) => {
        setFlash('Settings saved. The booking pages show them within a minute; messages from now on use them.');
        loaded.set(s);
      }}
    />
  );
}

type EditorProps = { settings: Settings; flash: string | null; onEdit: () => void; onSaved: (s: Settings) => void };

function SettingsEditor({ settings, flash, onEdit, onSaved }: EditorProps) {
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);
  useFocusFirstInvalid(failures);

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [key]: _gone, ...rest }) => rest);
    onEdit();
  };
  const err = (path: string) => errorAt(errors, path);
  const fail = (e: FieldErrors, m: string | null) => {
    setErrors(e);
    setMessage(m);
    setFailures((n) => n + 1);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = settingsBody(form);
    if (!built.ok) return fail(built.errors, null);
    setBusy(true);
    try {
      const saved = await adminApi<Settings>('/v1/admin/settings', { method: 'PATCH', body: built.body });
      setErrors({});
      setMessage(null);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) fail(errorsFromProblems(err.errors), null);
      else fail({}, `Could not save: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  function upload(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      if (dataUrlBytes(url) > MAX_LOGO_BYTES) setErrors((x) => ({ ...x, logoUrl: `the image is ${Math.ceil(file.size / 1024)} kB; at most 64 kB` }));
      else set('logoUrl', url);
    };
    reader.readAsDataURL(file);
  }

  const accent = COLOR.test(form.accentColor.trim()) ? form.accentColor.trim().toLowerCase() : DEFAULT_ACCENT;
  const zones = timeZoneOptions(form.defaultTimeZone || 'UTC');
  const logoIsUpload = form.logoUrl.startsWith('data:');
  return (
    <form className="cat-page cat-form" onSubmit={submit} noValidate aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {flash && (
        <p className="notice ok" role="status">
          {flash}
        </p>
      )}
      <SaveProblems message={message} errors={errors} labels={fieldLabel} />

      <fieldset className="cat-fieldset">
        <legend>Business</legend>
        <TextField
          id="set-name"
          label="Business name"
          hint={`Shown on the booking pages and in every message. Blank: ${settings.businessNameSet ? 'the BUSINESS_NAME setting' : `"${settings.businessName}" (BUSINESS_NAME)`}.`}
          value={form.businessName}
          onChange={(v) => set('businessName', v)}
          error={err('businessName')}
        />
        <TextField id="set-address" label="Address" value={form.address} onChange={(v) => set('address', v)} error={err('address')} />
        <div className="cat-grid">
          <TextField
            id="set-phone"
            label="Phone"
            hint="Named wherever customers are asked to contact you."
            type="tel"
            value={form.phone}
            onChange={(v) => set('phone', v)}
            error={err('phone')}
          />
          <TextField id="set-email" label="E-mail" type="email" value={form.email} onChange={(v) => set('email', v)} error={err('email')} />
        </div>
      </fieldset>

      <fieldset className="cat-fieldset">
        <legend>Look</legend>
        <div className="field">
          <label htmlFor="set-accent">Accent colour</label>
          <div className="row">
            <input
              type="color"
              aria-label="Pick the accent colour"
              value={accent}
              onChange={(e) => set('accentColor', e.target.value)}
              style={{ width: '3rem', padding: 0 }}
            />
            <input
              {...describedBy({ id: 'set-accent', hint: 'e.g. #0f766e; blank: the default blue.', error: err('accentColor') })}
              value={form.accentColor}
              placeholder="#2456c7"
              onChange={(e) => set('accentColor', e.target.value)}
              style={{ maxWidth: '10rem' }}
            />
          </div>
          <HintAndError id="set-accent" hint="e.g. #0f766e; blank: the default blue." error={err('accentColor')} />
        </div>
        <TextField
          id="set-logo"
          label="Logo"
          hint="An https:// link to an image, or upload one below (PNG, JPEG, GIF, WebP or SVG, at most 64 kB; stored with the settings)."
          value={logoIsUpload ? '(uploaded image)' : form.logoUrl}
          readOnly={logoIsUpload}
          onChange={(v) => set('logoUrl', v)}
          error={err('logoUrl')}
        />
        <div className="row">
          <label className="cat-upload">
            Upload an image <input type="file" accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml" onChange={upload} />
          </label>
          {form.logoUrl && (
            <button type="button" onClick={() => set('logoUrl', '')}>
              Remove logo
            </button>
          )}
        </div>
        <div className="settings-preview" data-testid="accent-preview" aria-label="Preview" style={{ ['--accent' as string]: accent }}>
          <div className="brand-header">
            {form.logoUrl && <img className="brand-logo" src={form.logoUrl} alt="" />}
            <span className="brand-name">{form.businessName.trim() || settings.businessName}</span>
          </div>
          <button type="button" tabIndex={-1} style={{ background: accent, color: accentForeground(accent), borderColor: accent }}>
            Book this time
          </button>
        </div>
      </fieldset>

      <fieldset className="cat-fieldset">
        <legend>Defaults</legend>
        <div className="cat-grid">
          <div className="field">
            <label htmlFor="set-locale">Default language</label>
            <select
              {...describedBy({ id: 'set-locale', error: err('defaultLocale') })}
              value={form.defaultLocale}
              onChange={(e) => set('defaultLocale', e.target.value as SettingsForm['defaultLocale'])}
            >
              <option value="">Not set</option>
              <option value="en">English</option>
              <option value="de">Deutsch</option>
            </select>
            <HintAndError id="set-locale" error={err('defaultLocale')} />
          </div>
          <div className="field">
            <label htmlFor="set-zone">Default time zone</label>
            <select
              {...describedBy({ id: 'set-zone', error: err('defaultTimeZone') })}
              value={form.defaultTimeZone}
              onChange={(e) => set('defaultTimeZone', e.target.value)}
            >
              <option value="">Not set</option>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            <HintAndError id="set-zone" error={err('defaultTimeZone')} />
          </div>
        </div>
      </fieldset>

      <div className="cat-actions">
        <button className="primary" type="submit" disabled={busy}>
          Save settings
        </button>
      </div>
    </form>
  );
}
