/** The manage page, `/manage/{token}` (manage links in e-mails and API answers open it). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';
import { ManagePage } from './ManagePage.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ManagePage />
  </StrictMode>,
);
