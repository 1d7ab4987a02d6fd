/**
 * The admin dashboard's shell: sign-in gate, navigation and the page for the current path. At phone widths
 * (admin.css) the navigation collapses behind a "Menu" button (aria-expanded); following a link closes it.
 * Pages live in pages/*.tsx, one per screen; routes are listed here only.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from '../shared/link.tsx';
import { match, usePath } from '../shared/router.ts';
import { signOut, useAdminKey } from './auth.ts';
import { SignIn } from './SignIn.tsx';
import { ApiKeysPage } from './pages/ApiKeys.tsx';
import { BookingDetailPage } from './pages/BookingDetail.tsx';
import { BookingsPage } from './pages/Bookings.tsx';
import { NewBookingPage } from './pages/NewBooking.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { ProviderEditPage } from './pages/ProviderEdit.tsx';
import { ProvidersPage } from './pages/Providers.tsx';
import { ResourceEditPage } from './pages/ResourceEdit.tsx';
import { ResourcesPage } from './pages/Resources.tsx';
import { ServiceEditPage } from './pages/ServiceEdit.tsx';
import { ServicesPage } from './pages/Services.tsx';
import { InboundEmailsPage } from './pages/InboundEmails.tsx';
import { EmailThreadPage } from './pages/EmailThread.tsx';
import { DeliveryPage } from './pages/Delivery.tsx';
import { OutboxPage } from './pages/Outbox.tsx';
import { SettingsPage } from './pages/Settings.tsx';
import { CalendarsPage } from './pages/Calendars.tsx';
import { TemplatesPage } from './pages/Templates.tsx';
import { TemplateEditPage } from './pages/TemplateEdit.tsx';
import { DeliveryBanner } from './delivery/DeliveryBanner.tsx';

type Route = { pattern: string; render: (p: Record<string, string>) => ReactNode };

const ROUTES: Route[] = [
  { pattern: '/admin', render: () => <OverviewPage /> },
  { pattern: '/admin/bookings', render: () => <BookingsPage /> },
  { pattern: '/admin/bookings/new', render: () => <NewBookingPage /> },
  { pattern: '/admin/bookings/:id', render: (p) => <BookingDetailPage id={p.id!} /> },
  { pattern: '/admin/services', render: () => <ServicesPage /> },
  { pattern: '/admin/services/new', render: () => <ServiceEditPage id={null} /> },
  { pattern: '/admin/services/:id', render: (p) => <ServiceEditPage id={p.id!} /> },
  { pattern: '/admin/providers', render: () => <ProvidersPage /> },
  { pattern: '/admin/providers/new', render: () => <ProviderEditPage id={null} /> },
  { pattern: '/admin/providers/:id', render: (p) => <ProviderEditPage id={p.id!} /> },
  { pattern: '/admin/resources', render: () => <ResourcesPage /> },
  { pattern: '/admin/resources/:id', render: (p) => <ResourceEditPage id={p.id!} /> },
  { pattern: '/admin/api-keys', render: () => <ApiKeysPage /> },
  { pattern: '/admin/inbound-emails', render: () => <InboundEmailsPage /> },
  { pattern: '/admin/email-threads/:id', render: (p) => <EmailThreadPage id={p.id!} /> },
  { pattern: '/admin/delivery', render: () => <DeliveryPage /> },
  { pattern: '/admin/outbox', render: () => <OutboxPage /> },
  { pattern: '/admin/settings', render: () => <SettingsPage /> },
  { pattern: '/admin/calendars', render: () => <CalendarsPage /> },
  { pattern: '/admin/templates', render: () => <TemplatesPage /> },
  { pattern: '/admin/templates/:serviceId/:kind/:locale', render: (p) => <TemplateEditPage serviceId={p.serviceId!} kind={p.kind!} locale={p.locale!} /> },
];

const NAV = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/bookings', label: 'Bookings' },
  { href: '/admin/services', label: 'Services' },
  { href: '/admin/providers', label: 'Providers' },
  { href: '/admin/resources', label: 'Rooms & equipment' },
  { href: '/admin/calendars', label: 'Calendars' },
  { href: '/admin/inbound-emails', label: 'Inbound e-mail' },
  { href: '/admin/delivery', label: 'Delivery' },
  { href: '/admin/outbox', label: 'Outbox' },
  { href: '/admin/templates', label: 'Message templates' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/settings', label: 'Settings' },
];

export function AdminApp() {
  const key = useAdminKey();
  const path = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  if (!key) return <SignIn />;
  const pathname = path.split('?')[0]!.replace(/\/+$/, '') || '/admin';
  let page: ReactNode = (
    <p>
      No such page. <Link href="/admin">Back to the overview</Link>
    </p>
  );
  for (const r of ROUTES) {
    const params = match(r.pattern, pathname);
    if (params) {
      page = r.render(params);
      break;
    }
  }
  const current = (href: string) => (href === '/admin' ? pathname === '/admin' : pathname.startsWith(href));
  return (
    <div className="admin">
      <header className="admin-header">
        <strong className="brand">slotflow</strong>
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="admin-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav aria-label="Admin sections" id="admin-nav" className={menuOpen ? 'open' : undefined}>
          {NAV.map((n) => (
            <Link key={n.href} href={n.href} aria-current={current(n.href) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <button type="button" className="sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      <DeliveryBanner />
      <main className="admin-main">{page}</main>
    </div>
  );
}
