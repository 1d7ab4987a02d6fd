/**
 * The widget page, `/book[/{serviceId}]?provider=&tz=&locale=&embed=1`: mounts BookingWidget with the
 * URL's parameters; inside the embed's iframe (`embed=1`) it also reports its height to the host page.
 * The page's language is settled before the first render (shared/i18n/page-locale.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';
import { BookingWidget } from './BookingWidget.tsx';
import { BrandHeader } from '../shared/BrandHeader.tsx';
import { useBranding } from '../shared/branding.ts';
import { reportHeightToParent } from './embed-resize.ts';
import { t } from '../shared/i18n/en-book.ts';
import { settlePageLocale } from '../shared/i18n/page-locale.ts';

const q = new URLSearchParams(location.search);
const serviceId = /^\/book\/([^/]+)\/?$/.exec(location.pathname)?.[1];
const embedded = q.get('embed') === '1';
if (embedded) document.documentElement.classList.add('sf-embedded');

/** The page: the business's logo and name (not inside a host's iframe, which has its own), then the widget. */
function BookPage({ locale }: { locale: string | undefined }) {
  // Inside the embed too: the accent colour applies, the header does not.
  const branding = useBranding();
  return (
    <main className="sf-page">
      {!embedded && <BrandHeader branding={branding} />}
      {!embedded && <h1>{t('pageTitle')}</h1>}
      <BookingWidget
        serviceId={serviceId && decodeURIComponent(serviceId)}
        providerId={q.get('provider') ?? undefined}
        timeZone={q.get('tz') ?? undefined}
        locale={locale}
      />
    </main>
  );
}

void settlePageLocale(q.get('locale')).then((locale) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <BookPage locale={locale} />
    </StrictMode>,
  ),
);
if (embedded) reportHeightToParent();
