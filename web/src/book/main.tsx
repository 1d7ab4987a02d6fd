/**
 * The widget page, `/book[/{serviceId}]?provider=&tz=&locale=&embed=1`: mounts BookingWidget with the
 * URL's parameters; inside the embed's iframe (`embed=1`) it also reports its height to the host page.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';
import { BookingWidget } from './BookingWidget.tsx';
import { BrandHeader } from '../shared/BrandHeader.tsx';
import { useBranding } from '../shared/branding.ts';
import { reportHeightToParent } from './embed-resize.ts';

const q = new URLSearchParams(location.search);
const serviceId = /^\/book\/([^/]+)\/?$/.exec(location.pathname)?.[1];
const embedded = q.get('embed') === '1';
if (embedded) document.documentElement.classList.add('sf-embedded');

/** The page: the business's logo and name (not inside a host's iframe, which has its own), then the widget. */
function BookPage() {
  // Inside the embed too: the accent colour applies, the header does not.
  const branding = useBranding();
  return (
    <main className="sf-page">
      {!embedded && <BrandHeader branding={branding} />}
      {!embedded && <h1>Book an appointment</h1>}
      <BookingWidget
        serviceId={serviceId && decodeURIComponent(serviceId)}
        providerId={q.get('provider') ?? undefined}
        timeZone={q.get('tz') ?? undefined}
        locale={q.get('locale') ?? undefined}
      />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BookPage />
  </StrictMode>,
);
if (embedded) reportHeightToParent();
