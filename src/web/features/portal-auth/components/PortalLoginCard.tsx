import { type ReactNode, useRef } from 'react';
import { accentOnWhite, HEX_COLOUR, readableTextColour } from '../../../lib/colour';
import { useCssVars } from '../../../lib/use-css-vars';
import './portal-login-card.css';

/** The parts of a firm's branding the sign-in card shows (public branding, or unsaved settings). */
export interface PortalCardBranding {
  displayName: string;
  logoUrl: string | null;
  primaryColour: string;
  primaryTextColour?: string | null;
}

export interface PortalLoginCardProps {
  branding: PortalCardBranding;
  /** Defaults to the firm's display name. */
  title?: string;
  subtitle?: ReactNode;
  children: ReactNode;
  /** h1 on the portal's own pages; h2 when shown as a preview inside another page. */
  headingLevel?: 1 | 2;
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[A-Za-z0-9]/.test(w));
  return (words.slice(0, 2).map((w) => w[0] ?? '').join('') || '?').toUpperCase();
}

/**
 * The branded card of the portal's sign-in pages: logo (or monogram), firm name and the form.
 * The staff Settings page renders the very same card as its live preview.
 */
export function PortalLoginCard({ branding, title, subtitle, children, headingLevel = 1 }: PortalLoginCardProps) {
  const ref = useRef<HTMLDivElement>(null);
  const colour = HEX_COLOUR.test(branding.primaryColour) ? branding.primaryColour : '#0F766E';
  useCssVars(ref, {
    '--accent': colour,
    '--accent-text': branding.primaryTextColour || readableTextColour(colour),
    '--accent-on-white': accentOnWhite(colour),
  });
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <div ref={ref} className="portal-login-card">
      <div className="portal-login-accent" aria-hidden="true" />
      <div className="portal-login-inner">
        <div className="portal-login-brand">
          {branding.logoUrl ? (
            <img className="portal-login-logo" src={branding.logoUrl} alt={`${branding.displayName} logo`} />
          ) : (
            <span className="portal-monogram" aria-hidden="true">
              {initials(branding.displayName)}
            </span>
          )}
        </div>
        <Heading className="portal-login-title">{title ?? branding.displayName}</Heading>
        {subtitle ? <p className="portal-login-subtitle">{subtitle}</p> : null}
        <div className="portal-login-body">{children}</div>
      </div>
    </div>
  );
}
