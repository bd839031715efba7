import './lib/zod-csp';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from 'react-aria-components';
import { BrowserRouter } from 'react-router';
import { detectAppMode } from './app-mode';
import { RouterBridge } from './components/RouterBridge';
import { LoadingState } from './components/States';
import { ToastProvider } from './components/Toast';
import { createQueryClient } from './lib/query-client';
import './components/theme.css';
import './components/layout.css';

// react-aria injects a <style id="react-aria-pressable-style"> unless that id already exists, and
// the CSP may not allow inline styles: its one rule (touch-action) lives in theme.css instead, and
// this marker claims the id.
if (!document.getElementById('react-aria-pressable-style')) {
  const marker = document.createElement('meta');
  marker.id = 'react-aria-pressable-style';
  marker.name = 'll-styles-in-css';
  document.head.append(marker);
}

// Each front door is its own chunk: clients never download the staff workspace, and vice versa.
const StaffApp = lazy(() => import('./staff/StaffApp'));
const PortalApp = lazy(() => import('./portal/PortalApp'));

const mode = detectAppMode(document, window.location.pathname);
const queryClient = createQueryClient();
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <I18nProvider locale="en-AU">
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <BrowserRouter basename={mode.kind === 'portal' ? mode.basename : undefined}>
            <RouterBridge>
              <Suspense fallback={<LoadingState />}>
                {mode.kind === 'portal' ? <PortalApp slug={mode.slug} /> : <StaffApp />}
              </Suspense>
            </RouterBridge>
          </BrowserRouter>
        </ToastProvider>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
