import { type ReactNode, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Button } from '../components/Button';
import { useToast } from '../components/Toast';
import { useRouteFocus } from '../components/useRouteFocus';
import { liveUrl, STAFF_SCOPE } from '../features/messages/api/keys';
import { useMessagesLive } from '../features/messages/api/use-messages-live';
import { UnreadCount, unreadThreadsSpoken } from '../features/messages/components/UnreadCount';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { OpenRequestCount } from '../features/service-requests/components/OpenRequestCount';
import { useStaffLogout } from '../features/staff-auth/api/use-staff-logout';
import { LiveEventsProvider } from '../lib/live-events';
import { canManage, useSignedInStaff } from './session-context';

const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', staff: 'Staff' } as const;

/** Keeps messages (threads, the unread count, notices) current from the live stream while signed in. */
function MessagesLive() {
  useMessagesLive(STAFF_SCOPE);
  return null;
}

/** The signed-in workspace: one live-updates stream for every page, then the layout. */
export function StaffLayout() {
  return (
    <LiveEventsProvider url={liveUrl(STAFF_SCOPE)}>
      <MessagesLive />
      <StaffFrame />
    </LiveEventsProvider>
  );
}

/** Top bar, navigation (a menu button below 900px wide; Messages with its unread count) and the page. */
function StaffFrame() {
  const session = useSignedInStaff();
  const logout = useStaffLogout();
  const navigate = useNavigate();
  const toast = useToast();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  useRouteFocus(mainRef);

  // A page change closes the narrow-screen menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const signOut = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        toast.show('You have signed out.', 'info');
        void navigate('/app/login', { replace: true });
      },
    });

  const links: Array<{ to: string; label: string; extra?: ReactNode }> = [
    { to: '/app/clients', label: 'Clients' },
    { to: '/app/work', label: 'Work' },
    { to: '/app/requests', label: 'Requests', extra: <OpenRequestCount /> },
    { to: '/app/messages', label: 'Messages', extra: <UnreadCount scope={STAFF_SCOPE} /> },
    { to: '/app/proposals', label: 'Proposals' },
    { to: '/app/invoices', label: 'Invoices' },
    { to: '/app/payments', label: 'Payments' },
    { to: '/app/team', label: 'Team' },
    { to: '/app/settings', label: 'Settings' },
    ...(canManage(session) ? [{ to: '/app/audit', label: 'Audit log' }] : []),
  ];

  return (
    <div className="staff-shell" data-menu-open={menuOpen || undefined}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="staff-topbar">
        <Button
          variant="ghost"
          className="staff-menu-button"
          aria-expanded={menuOpen}
          aria-controls="staff-nav"
          onPress={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true" className="hamburger" />
          Menu
          <UnreadCount scope={STAFF_SCOPE} spoken={unreadThreadsSpoken} />
        </Button>
        <div className="staff-brand">
          <span className="staff-logo" aria-hidden="true">
            L
          </span>
          <span className="staff-product">Ledger Loom</span>
          <span className="staff-firm" title={session.firm.displayName}>
            {session.firm.displayName}
          </span>
        </div>
        <NotificationBell />
        <div className="staff-user">
          <span className="staff-user-name">{session.user.name}</span>
          <span className="staff-user-role">{ROLE_LABELS[session.user.role]}</span>
        </div>
      </header>
      <div className="staff-body">
        <nav id="staff-nav" className="staff-sidebar" aria-label="Main">
          <ul className="staff-nav-list">
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} className="staff-nav-link">
                  {link.label}
                  {link.extra}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="staff-sidebar-footer">
            <p className="staff-sidebar-user">
              <span className="cell-primary">{session.user.name}</span>
              <span className="cell-secondary">{session.user.email}</span>
            </p>
            <NavLink to="/app/profile" className="staff-nav-link">
              Profile
            </NavLink>
            <Button variant="secondary" size="sm" onPress={signOut} isPending={logout.isPending}>
              Sign out
            </Button>
          </div>
        </nav>
        {menuOpen ? <div className="staff-scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
        <main id="main" ref={mainRef} tabIndex={-1} className="staff-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
