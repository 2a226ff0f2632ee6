import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { preconnectApi } from './api';
import { App } from './app/App';
import { DARK_QUERY, resolveTheme } from './settings/theme';
import { SettingsProvider } from './settings/SettingsProvider';
import { ToastProvider } from './ui';
import './styles/tokens.css';
import './styles/base.css';
import './ui/ui.css';
import './ui/overlays.css';
import './app/layout.css';
import './search/search.css';
import './library/library.css';
import './library/runbook-page.css';
import './library/markdown.css';
import './library/step-card.css';
import './styles/print.css';

// The api socket opens while React renders the first view, not after it asks for its data.
preconnectApi();

// Bench builds only (docs/bench.md): the flag is replaced at build time, so other builds drop this.
if (import.meta.env.VITE_RB_BENCH === '1') void import('./terminal/benchReference');

// The system theme before the settings arrive, so the first paint does not flash the wrong colours.
document.documentElement.dataset['theme'] = resolveTheme('system', window.matchMedia(DARK_QUERY).matches);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SettingsProvider>
      <ToastProvider>
        <App />
      </ToastProvider>
    </SettingsProvider>
  </StrictMode>,
);
