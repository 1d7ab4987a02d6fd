/**
 * A saved service's booking link and embed code (#20 item 4), each with a copy button: what a clinic puts on
 * its website. The link opens the widget on this service; the snippet loads `embed.js`, which sizes the
 * widget's iframe to its content (see web/public/embed.js for the optional attributes).
 */
import { useState } from 'react';

export function bookingLink(origin: string, serviceId: string): string {
  return `${origin}/book/${encodeURIComponent(serviceId)}`;
}

export function embedSnippet(origin: string, serviceId: string): string {
  return `<script src="${origin}/embed.js" data-service="${serviceId}" async></script>`;
}

function CopyRow({ id, label, value, multiline }: { id: string; label: string; value: string; multiline?: boolean }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <div className="cat-share-row">
      <label htmlFor={id}>{label}</label>
      <div className="cat-share-value">
        {multiline ? (
          <textarea id={id} readOnly rows={2} value={value} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        )}
        <button type="button" onClick={() => void copy()} aria-describedby={`${id}-status`}>
          Copy
        </button>
      </div>
      <span id={`${id}-status`} className="muted" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Could not copy: select the text and copy it yourself.' : ''}
      </span>
    </div>
  );
}

export function ShareService({ serviceId, origin = location.origin }: { serviceId: string; origin?: string }) {
  return (
    <fieldset className="cat-fieldset cat-share">
      <legend>Share and embed</legend>
      <CopyRow id="svc-share-link" label="Booking link" value={bookingLink(origin, serviceId)} />
      <CopyRow id="svc-share-embed" label="Embed code (paste into your website)" value={embedSnippet(origin, serviceId)} multiline />
    </fieldset>
  );
}
