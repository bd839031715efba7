import type { ReactNode } from 'react';
import { PortalLoginCard } from '../features/portal-auth/components/PortalLoginCard';
import { PortalFooter } from './PortalFooter';
import { usePortal } from './portal-context';

/** Signed-out portal pages: the firm's branded card, centred, with the support footer. */
export function PortalAuthShell({ title, subtitle, children }: { title?: string; subtitle?: ReactNode; children: ReactNode }) {
  const { branding } = usePortal();
  return (
    <div className="portal-auth-page">
      <main id="main" className="portal-auth-main">
        <PortalLoginCard branding={branding} title={title} subtitle={subtitle}>
          {children}
        </PortalLoginCard>
      </main>
      <PortalFooter />
    </div>
  );
}
