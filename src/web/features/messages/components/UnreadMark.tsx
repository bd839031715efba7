/** "2 new" beside an unread thread (the full words for screen readers); nothing when all is read. */
export function UnreadMark({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="unread-mark">
      <span className="unread-dot" aria-hidden="true" />
      {count} new<span className="visually-hidden"> {count === 1 ? 'message' : 'messages'}</span>
    </span>
  );
}
