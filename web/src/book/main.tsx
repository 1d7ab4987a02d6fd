/**
 * The widget page, `/book[/{serviceId}]?provider=&date=&time=&tz=&locale=&embed=1` (url-state.ts): mounts
 * BookingWidget with its step kept in the URL — each step a history entry, so Back, reload and a shared link
 * work (inside the embed's iframe too: the iframe has its own entries in the tab's history). What the first
 * URL of the tab named (service, provider) stays fixed, as the embed and share links mean it; the entry's
 * history.state remembers that across reloads. Inside the iframe (`embed=1`) it also reports its height.
 * The page's language is settled before the first render (shared/i18n/page-locale.ts).
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
import { t } from '../shared/i18n/en-book.ts';
import { settlePageLocale } from '../shared/i18n/page-locale.ts';

type Fixed = { serviceId?: string | undefined; provider?: string | undefined };
type Opened = { fixed: Fixed; state: { sfFixed: Fixed }; embedded: boolean };

/** The page: the business's logo and name (not inside a host's iframe, which has its own), then the widget. */
function BookPage({ locale, opened: { fixed, state, embedded } }: { locale: string | undefined; opened: Opened }) {
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
      {!embedded && <h1>{t('pageTitle')}</h1>}
      <BookingWidget serviceId={fixed.serviceId} providerId={fixed.provider} locale={locale} route={route} onRoute={onRoute} />
    </main>
  );
}

/**
 * Mounts the page into book.html's `#book-root`. Only there: this module shares its chunk with modules the
 * admin and manage pages import (web/vite.config.ts), so it runs on those pages too, and must do nothing.
 */
const root = document.getElementById('book-root');
if (root) {
  const first = parseRoute(location.pathname, location.search);
  const kept = (history.state as { sfFixed?: Fixed } | null)?.sfFixed;
  const fixed: Fixed = kept ?? { serviceId: first.route.serviceId, provider: first.route.provider };
  const opened: Opened = { fixed, state: { sfFixed: fixed }, embedded: first.page.embed === true };
  if (!kept) history.replaceState(opened.state, '');
  if (opened.embedded) document.documentElement.classList.add('sf-embedded');
  void settlePageLocale(first.page.locale ?? null).then((locale) =>
    createRoot(root).render(
      <StrictMode>
        <BookPage locale={locale} opened={opened} />
      </StrictMode>,
    ),
  );
  if (opened.embedded) reportHeightToParent();
}
