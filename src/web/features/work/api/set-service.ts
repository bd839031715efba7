import type { QueryClient } from '@tanstack/react-query';
import type { ServiceDetail } from '../../../../contracts/work';
import { workKeys } from './keys';

/** Every service mutation answers with the whole service: keep it, and let the lists catch up. */
export function setService(queryClient: QueryClient, service: ServiceDetail): void {
  queryClient.setQueryData(workKeys.service(service.id), service);
  void queryClient.invalidateQueries({ queryKey: workKeys.lists });
}
