import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyUserLanguage } from './i18n/i18n.ts';
import { App } from './app/App.tsx';
import './styles/base.css';
import './styles/shell.css';
import './styles/dark.css';
import { registerServiceWorker } from './components/notifications/push-device.ts';
import { keepFocusOfDisabledControls } from './lib/focus.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// The browser's language first (English is in the entry; another is a chunk fetched now), so the
// first render is in it and never shows keys.
void applyUserLanguage(null).finally(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
registerServiceWorker();
keepFocusOfDisabledControls();
