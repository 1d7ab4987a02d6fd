/** The template API's answers (src/gateway/routes/admin-templates.route.ts). */
export type TemplatePart = 'subject' | 'html' | 'text' | 'sms';
export type Parts = Record<TemplatePart, string>;
export type StoredOverride = Record<TemplatePart, string | null> & { updatedAt: string };

export type TemplateIndex = {
  variables: string[];
  lists: Record<string, string[]>;
  kinds: string[];
  locales: string[];
  overrides: (StoredOverride & { kind: string; locale: string })[];
};

export type EffectiveTemplate = { kind: string; locale: string; default: Parts; override: StoredOverride | null };

export type Preview = { subject: string; text: string; html: string; sms: { body: string; encoding: 'GSM-7' | 'UCS-2'; segments: number } };
