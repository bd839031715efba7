import type { ReactNode } from 'react';
import { errorMessage } from '../lib/api-client';
import { Alert } from './Alert';
import { Button } from './Button';
import './states.css';

/** A placeholder while data loads; announced politely once. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading-state" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A failed load, with the server's message and a way to try again. */
export function ErrorState({ error, onRetry, title = "This didn't load" }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert
      tone="error"
      title={title}
      actions={
        onRetry ? (
          <Button size="sm" onPress={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {errorMessage(error)}
    </Alert>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children ? <div className="empty-state-body">{children}</div> : null}
      {action ? <div className="empty-state-action">{action}</div> : null}
    </div>
  );
}

/**
 * A list's data in a card: "Updating…" for screen readers while refetching, the loading state, the
 * error with Try again, or the content once the data is there.
 */
export function QueryContent<T>({ query, loadingLabel, children }: {
  query: { isPending: boolean; isFetching: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  loadingLabel: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      {query.isFetching && !query.isPending ? (
        <p className="visually-hidden" role="status">
          Updating…
        </p>
      ) : null}
      {query.isPending ? (
        <LoadingState label={loadingLabel} />
      ) : query.isError || query.data === undefined ? (
        <div className="card-body">
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </div>
      ) : (
        children(query.data)
      )}
    </>
  );
}
