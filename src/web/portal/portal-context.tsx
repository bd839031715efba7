import { createContext, useContext } from 'react';
import type { PortalSessionReply } from '../../contracts/auth';
import type { PublicBranding } from '../../contracts/firms';

export interface PortalContextValue {
  slug: string;
  branding: PublicBranding;
}

export const PortalContext = createContext<PortalContextValue | null>(null);

/** The firm whose portal this is (slug and public branding). */
export function usePortal(): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('usePortal must be used inside <PortalApp>');
  return value;
}

export const PortalSessionContext = createContext<PortalSessionReply | null>(null);

/** The signed-in portal user; only inside <RequirePortalSession>. */
export function useSignedInClient(): PortalSessionReply {
  const session = useContext(PortalSessionContext);
  if (!session) throw new Error('useSignedInClient must be used inside <RequirePortalSession>');
  return session;
}
