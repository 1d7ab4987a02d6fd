import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';

// Placeholder: the manage page (issue #6).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Your booking</h1>
  </StrictMode>,
);
