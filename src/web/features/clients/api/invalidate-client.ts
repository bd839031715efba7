import type { QueryClient } from '@tanstack/react-query';
import { clientKeys } from './keys';

/** A portal-user change alters the client's users, emails and user count. */
export function invalidateClient(queryClient: QueryClient, clientId: string): void {
  void queryClient.invalidateQueries({ queryKey: clientKeys.detail(clientId) });
  void queryClient.invalidateQueries({ queryKey: [...clientKeys.all, 'list'] });
}
