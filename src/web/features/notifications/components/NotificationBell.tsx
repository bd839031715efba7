import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../../contracts/format';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { PopoverDialog } from '../../../components/PopoverDialog';
import { LoadingState } from '../../../components/States';
import { errorMessage } from '../../../lib/api-client';
import { useTimeZone } from '../../../lib/time-zone';
import type { Notice } from '../api/notifications';
import { useMarkNotificationsRead } from '../api/use-mark-notifications-read';
import { useNotifications } from '../api/use-notifications';
import './notifications.css';

/** Only paths inside the workspace are followed; anything else is shown without a link. */
function isWorkspacePath(link: string): boolean {
  return link.startsWith('/app/') && !link.startsWith('//');
}

function BellIcon() {
  return (
    <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15a2.5 2.5 0 0 0 5 0h-5Z"
        fill="currentColor"
      />
    </svg>
  );
}

function NoticeItem({ notice, onFollow }: { notice: Notice; onFollow: () => void }) {
  const timeZone = useTimeZone();
  const content = (
    <>
      <span className="notice-title">
        {notice.read ? null : <span className="visually-hidden">Unread: </span>}
        {notice.title}
      </span>
      {/* The app's Australian date and time ("14/05/2026 10:42 am", the firm's zone), as e-mails and PDFs show it. */}
      <time className="notice-time" dateTime={notice.createdAt}>
        {formatDateTime(notice.createdAt, timeZone)}
      </time>
    </>
  );
  return (
    <li className="notice" data-unread={notice.read ? undefined : true}>
      {notice.read ? null : <span className="notice-dot" aria-hidden="true" />}
      {isWorkspacePath(notice.link) ? (
        <Link to={notice.link} className="notice-link" onClick={onFollow}>
          {content}
        </Link>
      ) : (
        <span className="notice-link">{content}</span>
      )}
    </li>
  );
}

/** The bell in the top bar: how many notices are unread, and the list (answers received…). */
export function NotificationBell() {
  const notices = useNotifications();
  const markRead = useMarkNotificationsRead();
  const [open, setOpen] = useState(false);
  const unread = notices.data?.unread ?? 0;
  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;

  return (
    <PopoverDialog
      title="Notifications"
      isOpen={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void notices.refetch();
        else markRead.reset();
      }}
      trigger={
        <Button variant="ghost" className="bell-button" aria-label={label}>
          <BellIcon />
          {unread > 0 ? (
            <span className="bell-count" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </Button>
      }
    >
      {(close) =>
        notices.isPending ? (
          <LoadingState label="Loading notifications…" />
        ) : notices.isError ? (
          <Alert tone="error">{errorMessage(notices.error)}</Alert>
        ) : notices.data.items.length === 0 ? (
          <p className="muted">Nothing yet. You'll be told here when a client answers your questions.</p>
        ) : (
          <>
            <p className="notice-summary">{unread === 0 ? 'All read.' : `${unread} unread`}</p>
            <ul className="notice-list">
              {notices.data.items.map((notice) => (
                <NoticeItem
                  key={notice.id}
                  notice={notice}
                  onFollow={() => {
                    if (!notice.read) markRead.mutate([notice.id]);
                    close();
                  }}
                />
              ))}
            </ul>
            {markRead.error ? <Alert tone="error">{errorMessage(markRead.error)}</Alert> : null}
            {unread > 0 ? (
              <div>
                <Button size="sm" onPress={() => markRead.mutate(undefined)} isPending={markRead.isPending}>
                  Mark all read
                </Button>
              </div>
            ) : null}
          </>
        )
      }
    </PopoverDialog>
  );
}
