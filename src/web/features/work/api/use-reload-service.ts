import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { workKeys } from './keys';

/** Fetch the service again (after a 409 for someone else's newer change) without another subscription to it. */
export function useReloadService(id: string) {
  const queryClient = useQueryClient();
  const isReloading = useIsFetching({ queryKey: workKeys.service(id), exact: true }) > 0;
  return {
    reload: () => queryClient.refetchQueries({ queryKey: workKeys.service(id), exact: true }),
    isReloading,
  };
}
