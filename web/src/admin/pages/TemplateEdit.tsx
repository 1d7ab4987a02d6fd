/**
 * Edit one message template (a service's kind × locale): subject, HTML and plain-text bodies and SMS, as the
 * API holds them, with the placeholders they may use and a live preview for a sample booking (the HTML in a
 * sandboxed iframe: no scripts, no same-origin, as in the outbox viewer). Save PUTs the parts that differ
 * from the default (template-form.ts); problems from the server (422 `body.<part>`) appear at their fields.
 * "Reset to default" DELETEs the override after a confirm.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import { Link } from '../../shared/link.tsx';
import { adminApi } from '../auth.ts';
import { messageKindLabel } from '../bookings/describe.ts';
import { serverMessage } from '../server-message.ts';
import { useLoad } from '../bookings/use-load.ts';
import { errorAt, errorsFromProblems, type FieldErrors } from '../catalog/errors.ts';
import { TextAreaField, TextField } from '../catalog/ui.tsx';
import { allDefault, formFromTemplate, LOCALE_LABELS, PART_LABELS, partsToSend, PARTS } from '../templates/template-form.ts';
import type { EffectiveTemplate, Parts, TemplateIndex, TemplatePart } from '../templates/types.ts';
import { usePreview } from '../templates/use-preview.ts';
import '../catalog/catalog.css';
import '../templates/templates.css';

type Props = { serviceId: string; kind: string; locale: string };
type Loaded = { template: EffectiveTemplate; index: TemplateIndex; serviceName: string };

export function TemplateEditPage({ serviceId, kind, locale }: Props) {
  const base = `/v1/admin/services/${encodeURIComponent(serviceId)}/templates`;
  const url = `${base}/${encodeURIComponent(kind)}/${encodeURIComponent(locale)}`;
  const page = useLoad(url, async (signal): Promise<Loaded> => {
    const [template, index, service] = await Promise.all([
      adminApi<EffectiveTemplate>(url, { signal }),
      adminApi<TemplateIndex>(base, { signal }),
      adminApi<{ name: string }>(`/v1/admin/services/${encodeURIComponent(serviceId)}`, { signal }),
    ]);
    return { template, index, serviceName: service.name };
  });
  const back = `/admin/templates?service=${encodeURIComponent(serviceId)}`;
  if (page.error != null) {
    const missing = page.error instanceof ApiError && (page.error.status === 404 || page.error.status === 422);
    return (
      <section className="cat-page">
        <p className="notice bad" role="alert">
          {missing ? 'There is no such template.' : `Could not load the template: ${serverMessage(page.error)}`}
        </p>
        <Link href={back}>Back to the templates</Link>
      </section>
    );
  }
  if (!page.data)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  return (
    <Editor
      key={url}
      loaded={page.data}
      url={url}
      back={back}
      title={`${messageKindLabel(kind)} · ${LOCALE_LABELS[locale] ?? locale}`}
      onChanged={page.reload}
    />
  );
}

type EditorProps = { loaded: Loaded; url: string; back: string; title: string; onChanged: () => Promise<void> };

function Editor({ loaded, url, back, title, onChanged }: EditorProps) {
  const { template, index, serviceName } = loaded;
  const [form, setForm] = useState<Parts>(() => formFromTemplate(template));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const draft = partsToSend(form, template.default);
  const preview = usePreview(`${url}/preview`, draft);
  const saved = partsToSend(formFromTemplate(template), template.default);
  const dirty = PARTS.some((p) => draft[p] !== saved[p]);
  const shownErrors = { ...preview.errors, ...errors };

  const set = (p: TemplatePart, v: string) => {
    setForm((f) => ({ ...f, [p]: v }));
    setErrors((e) => {
      const { [p]: _gone, ...rest } = e;
      return rest;
    });
    setNotice(null);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      if (allDefault(draft)) {
        if (template.override) await adminApi(url, { method: 'DELETE' });
        setNotice({ ok: true, text: 'Saved: every part is the default again.' });
      } else {
        await adminApi(url, { method: 'PUT', body: draft });
        setNotice({ ok: true, text: 'Saved. New messages of this kind use it.' });
      }
      await onChanged();
    } catch (err) {
      const fields = err instanceof ApiError && err.status === 422 ? errorsFromProblems(err.errors) : {};
      setErrors(fields);
      setNotice({ ok: false, text: `Not saved: ${Object.keys(fields).length ? 'see the marked fields.' : serverMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  async function reset() {
    if (!window.confirm(`Reset “${title}” of ${serviceName} to the default text? Your changes are lost.`)) return;
    setBusy(true);
    try {
      await adminApi(url, { method: 'DELETE' });
      setForm({ ...template.default });
      setErrors({});
      setNotice({ ok: true, text: 'Reset: the default text applies again.' });
      await onChanged();
    } catch (err) {
      setNotice({ ok: false, text: `Not reset: ${serverMessage(err)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="cat-page tpl-edit">
      <p>
        <Link href={back}>← Message templates</Link>
      </p>
      <h1 id="tpl-edit-title">
        {title} <span className="muted tpl-service-name">for {serviceName}</span>
      </h1>
      <p>
        {template.override ? <span className="badge confirmed">customised</span> : <span className="badge">default</span>}
        {dirty && <span className="badge pending tpl-dirty">unsaved changes</span>}
      </p>
      {notice && (
        <p className={`notice ${notice.ok ? 'ok' : 'bad'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      <div className="tpl-columns">
        <form className="tpl-form" onSubmit={(e) => void save(e)} aria-labelledby="tpl-edit-title" noValidate>
          <TextField
            id="tpl-subject"
            label={PART_LABELS.subject}
            value={form.subject}
            onChange={(v) => set('subject', v)}
            error={errorAt(shownErrors, 'subject')}
          />
          <TextAreaField
            id="tpl-html"
            label={PART_LABELS.html}
            value={form.html}
            onChange={(v) => set('html', v)}
            error={errorAt(shownErrors, 'html')}
            rows={12}
          />
          <TextAreaField
            id="tpl-text"
            label={PART_LABELS.text}
            value={form.text}
            onChange={(v) => set('text', v)}
            error={errorAt(shownErrors, 'text')}
            rows={8}
          />
          <TextAreaField id="tpl-sms" label={PART_LABELS.sms} value={form.sms} onChange={(v) => set('sms', v)} error={errorAt(shownErrors, 'sms')} rows={3} />
          <p className="muted">A part left as the default (or blank) keeps following the default text.</p>
          <div className="cat-actions">
            <button type="submit" className="primary" disabled={busy || !dirty}>
              Save
            </button>
            <button type="button" className="danger" disabled={busy || !template.override} onClick={() => void reset()}>
              Reset to default
            </button>
          </div>
        </form>
        <PreviewPane state={preview} />
        <Placeholders index={index} />
      </div>
    </div>
  );
}

function Placeholders({ index }: { index: TemplateIndex }) {
  return (
    <details className="tpl-vars" open>
      <summary>Placeholders</summary>
      <ul aria-label="Placeholders">
        {index.variables.map((v) => (
          <li key={v}>
            <code>{`{{${v}}}`}</code>
          </li>
        ))}
        {Object.entries(index.lists).map(([list, fields]) => (
          <li key={list} className="tpl-list">
            <code>{`{{#${list}}}${fields.map((f) => `{{${f}}}`).join(': ')}{{/${list}}}`}</code>
          </li>
        ))}
      </ul>
      <p className="muted">
        <code>{'{{#x}}…{{/x}}'}</code> shows its content only when <code>x</code> is set; <code>{'{{^x}}…{{/x}}'}</code> only when it is not.
      </p>
    </details>
  );
}

function PreviewPane({ state }: { state: ReturnType<typeof usePreview> }) {
  const p = state.preview;
  return (
    <section className="card tpl-preview" aria-labelledby="tpl-preview-title" aria-busy={state.loading}>
      <h2 id="tpl-preview-title">Preview</h2>
      <p className="muted">A sample booking (Ada Lovelace, next Monday 09:00).</p>
      {state.failure && (
        <p className="notice bad" role="alert">
          No preview: {state.failure}
        </p>
      )}
      {Object.keys(state.errors).length > 0 && <p className="notice warn">The preview shows the last valid draft; fix the marked field.</p>}
      {p && (
        <>
          <p className="tpl-subject">
            <span className="muted">Subject:</span> <strong data-testid="preview-subject">{p.subject}</strong>
          </p>
          <iframe sandbox="" srcDoc={p.html} title="HTML preview" referrerPolicy="no-referrer" />
          <details>
            <summary>Plain text</summary>
            <pre>{p.text}</pre>
          </details>
          <details>
            <summary>
              SMS ({p.sms.segments} segment{p.sms.segments === 1 ? '' : 's'}, {p.sms.encoding})
            </summary>
            <pre>{p.sms.body}</pre>
          </details>
        </>
      )}
    </section>
  );
}
