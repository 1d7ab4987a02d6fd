/**
 * The widget page, `/book[/{serviceId}]?provider=&date=&time=&tz=&locale=&embed=1` (url-state.ts): mounts
 * BookingWidget with its step kept in the URL — each step a history entry, so Back, reload and a shared link
 * work (inside the embed's iframe too: the iframe has its own entries in the tab's history). What the first
 * URL of the tab named (service, provider) stays fixed, as the embed and share links mean it; the entry's
 * history.state remembers that across reloads. Inside the iframe (`embed=1`) it also reports its height.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';
import { BookingWidget } from './BookingWidget.tsx';
import { BrandHeader } from '../shared/BrandHeader.tsx';
import { useBranding } from '../shared/branding.ts';
import { navigate, usePath } from '../shared/router.ts';
import { reportHeightToParent } from './embed-resize.ts';
import { parseRoute, routeUrl, type WidgetRoute } from './url-state.ts';

type Fixed = { serviceId?: string | undefined; provider?: string | undefined };
const opened = parseRoute(location.pathname, location.search);
const kept = (history.state as { sfFixed?: Fixed } | null)?.sfFixed;
const fixed: Fixed = kept ?? { serviceId: opened.route.serviceId, provider: opened.route.provider };
const state = { sfFixed: fixed };
if (!kept) history.replaceState(state, '');
const embedded = opened.page.embed === true;
if (embedded) document.documentElement.classList.add('sf-embedded');

/** The page: the business's logo and name (not inside a host's iframe, which has its own), then the widget. */
function BookPage() {
  // Inside the embed too: the accent colour applies, the header does not.
  const branding = useBranding();
  const path = usePath();
  const { route, page } = parseRoute(path.split('?')[0]!, path.slice(path.indexOf('?') + 1 || path.length));
  const onRoute = (r: WidgetRoute, replace: boolean) => {
    const to = routeUrl({ ...r, serviceId: fixed.serviceId ?? r.serviceId, provider: fixed.provider ?? r.provider }, page);
    if (to !== path) navigate(to, { replace, state });
  };
  return (
    <main className="sf-page">
      {!embedded && <BrandHeader branding={branding} />}
      {!embedded && <h1>Book an appointment</h1>}
      <BookingWidget serviceId={fixed.serviceId} providerId={fixed.provider} locale={page.locale} route={route} onRoute={onRoute} />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BookPage />
  </StrictMode>,
);
if (embedded) reportHeightToParent();
