/**
 * The manage page, `/manage/{token}?locale=` (manage links in e-mails and API answers open it); its language
 * is settled before the first render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';
import { ManagePage } from './ManagePage.tsx';
import { settlePageLocale } from '../shared/i18n/page-locale.ts';

void settlePageLocale(new URLSearchParams(location.search).get('locale')).then((dateLocale) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ManagePage dateLocale={dateLocale} />
    </StrictMode>,
  ),
);
