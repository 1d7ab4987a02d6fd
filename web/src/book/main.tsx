import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';

// Placeholder: the booking widget (issue #6).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Book an appointment</h1>
  </StrictMode>,
);
