/**
 * Messages are the same conversation seen from two sides: the firm's staff (/api/staff) and one
 * client's portal users (/api/portal/<slug>). Every hook takes the side it works for.
 */
export type MessagesScope = { kind: 'staff' } | { kind: 'portal'; slug: string };

export const STAFF_SCOPE: MessagesScope = { kind: 'staff' };
const portalScopes = new Map<string, MessagesScope>();
/** One object per portal, so hooks may depend on it without re-running. */
export function portalScope(slug: string): MessagesScope {
  let scope = portalScopes.get(slug);
  if (!scope) portalScopes.set(slug, (scope = { kind: 'portal', slug }));
  return scope;
}

/** The staff inbox's filters (the portal lists all of its client's threads). */
export interface ThreadListFilters {
  filter?: 'all' | 'unread' | 'assigned' | undefined;
  status?: 'open' | 'closed' | 'all' | undefined;
  clientId?: string | undefined;
  linkId?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** Query keys: staff under ['messages'], a portal under ['portal', slug, 'messages']. */
export function messageKeys(scope: MessagesScope) {
  const all = scope.kind === 'staff' ? (['messages'] as const) : (['portal', scope.slug, 'messages'] as const);
  return {
    all,
    lists: [...all, 'list'] as const,
    list: (filters: ThreadListFilters) => [...all, 'list', filters] as const,
    unread: [...all, 'unread'] as const,
    thread: (id: string) => [...all, 'thread', id] as const,
  };
}

/** The API root of one side. */
export function apiBase(scope: MessagesScope): string {
  return scope.kind === 'staff' ? '/api/staff' : `/api/portal/${encodeURIComponent(scope.slug)}`;
}

export const threadsUrl = (scope: MessagesScope) => `${apiBase(scope)}/threads`;
export const threadUrl = (scope: MessagesScope, id: string) => `${threadsUrl(scope)}/${encodeURIComponent(id)}`;
export const messageUrl = (scope: MessagesScope, threadId: string, messageId: string) => `${threadUrl(scope, threadId)}/messages/${encodeURIComponent(messageId)}`;

/** The live-updates stream (Server-Sent Events) of one side. */
export const liveUrl = (scope: MessagesScope) => `${apiBase(scope)}/live`;

/** An attachment's bytes: always a download (the existing document routes; nothing is rendered inline). */
export const attachmentDownloadUrl = (scope: MessagesScope, documentId: string) => `${apiBase(scope)}/documents/${encodeURIComponent(documentId)}/download`;

/** Where a file to attach is uploaded first: the portal's Documents area, or the client's documents (staff). */
export function attachmentUploadUrl(scope: MessagesScope, clientId: string): string {
  return scope.kind === 'staff' ? `/api/staff/clients/${encodeURIComponent(clientId)}/documents` : `${apiBase(scope)}/documents`;
}

/** Where a thread lives in the app (relative to the portal's basename for clients). */
export const threadPath = (scope: MessagesScope, id: string) => (scope.kind === 'staff' ? `/app/messages/${id}` : `/messages/${id}`);
export const inboxPath = (scope: MessagesScope) => (scope.kind === 'staff' ? '/app/messages' : '/messages');
