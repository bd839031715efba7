import type { QueryClient } from '@tanstack/react-query';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { isApiError } from '../../../lib/api-client';
import { serviceRequestKeys } from './keys';

/** Every staff action answers with the whole request: keep it, and let the lists (and the open count) catch up. */
export function setServiceRequest(queryClient: QueryClient, request: ServiceRequestDto): void {
  queryClient.setQueryData(serviceRequestKeys.request(request.id), request);
  void queryClient.invalidateQueries({ queryKey: serviceRequestKeys.lists });
}

/** A 409 (decided meanwhile, or changed since it was loaded): fetch it again, so the page shows what happened and a retry carries the new version. */
export function refetchAfterConflict(queryClient: QueryClient, id: string, error: unknown): void {
  if (!isApiError(error) || error.status !== 409) return;
  void queryClient.invalidateQueries({ queryKey: serviceRequestKeys.request(id) });
  void queryClient.invalidateQueries({ queryKey: serviceRequestKeys.lists });
}
