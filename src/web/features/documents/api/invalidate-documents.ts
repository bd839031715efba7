import type { QueryClient } from '@tanstack/react-query';
import { documentKeys } from './keys';

/**
 * After any change to a document: the client's lists, and the service pages, whose task cards
 * show the same documents (their cache key starts with 'work'; features do not import each other).
 */
export function invalidateDocuments(queryClient: QueryClient, clientId?: string): void {
  void queryClient.invalidateQueries({ queryKey: clientId ? documentKeys.client(clientId) : documentKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['work', 'service'] });
}
