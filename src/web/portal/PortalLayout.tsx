import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Button } from '../components/Button';
import { useRouteFocus } from '../components/useRouteFocus';
import { liveUrl, portalScope } from '../features/messages/api/keys';
import { useMessagesLive } from '../features/messages/api/use-messages-live';
import { UnreadCount, unreadThreadsSpoken } from '../features/messages/components/UnreadCount';
import { usePortalLogout } from '../features/portal-auth/api/use-portal-logout';
import { LiveEventsProvider } from '../lib/live-events';
import { PortalFooter } from './PortalFooter';
import { usePortal, useSignedInClient } from './portal-context';

const NAV = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/documents', label: 'Documents' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/messages', label: 'Messages' },
  { to: '/proposals', label: 'Proposals' },
  { to: '/profile', label: 'Profile' },
];

/** Keeps messages (threads, the unread count) current from the live stream while signed in. */
function MessagesLive({ slug }: { slug: string }) {
  useMessagesLive(portalScope(slug));
  return null;
}

/** Signed-in portal: one live-updates stream for every page, then the layout. */
export function PortalLayout() {
  const { slug } = usePortal();
  return (
    <LiveEventsProvider url={liveUrl(portalScope(slug))}>
      <MessagesLive slug={slug} />
      <PortalFrame />
    </LiveEventsProvider>
  );
}

/** Branded header with the menu (Messages with its unread count), the page, and the support footer. */
function PortalFrame() {
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  const logout = usePortalLogout(slug);
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  useRouteFocus(mainRef);
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });

  return (
    <div className="portal-shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="portal-header">
        <div className="portal-header-inner">
          <Link to="/" className="portal-brand">
            {branding.logoUrl ? <img src={branding.logoUrl} alt="" className="portal-brand-logo" /> : null}
            <span className="portal-brand-name">{branding.displayName}</span>
          </Link>
          <Button
            variant="ghost"
            className="portal-menu-button"
            aria-expanded={menuOpen}
            aria-controls="portal-nav"
            onPress={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true" className="hamburger" />
            Menu
            <UnreadCount scope={portalScope(slug)} spoken={unreadThreadsSpoken} />
          </Button>
          <nav id="portal-nav" aria-label="Portal" className="portal-nav" data-open={menuOpen || undefined}>
            <ul className="portal-nav-list">
              {NAV.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className="portal-nav-link">
                    {item.label}
                    {item.to === '/messages' ? <UnreadCount scope={portalScope(slug)} /> : null}
                  </NavLink>
                </li>
              ))}
            </ul>
            <div className="portal-account">
              <span className="portal-account-name">{session.user.name}</span>
              <Button variant="secondary" size="sm" onPress={signOut} isPending={logout.isPending}>
                Sign out
              </Button>
            </div>
          </nav>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="portal-main">
        <Outlet />
      </main>
      <PortalFooter />
    </div>
  );
}
