import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '../../../../contracts/common';
import { serviceStatusSchema, serviceSummarySchema, workListQuerySchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { workKeys } from './keys';

const workPageSchema = pageOf(serviceSummarySchema);

export type WorkSort = z.input<typeof workListQuerySchema>['sort'] & string;
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** The work list's query: every filter is optional; `status` undefined means every status. */
export interface WorkListFilters {
  status?: ServiceStatus | undefined;
  stageKey?: string | undefined;
  /** A team member's id, or 'unassigned'. */
  assigneeId?: string | undefined;
  clientId?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  overdue?: boolean | undefined;
  waitingOnClient?: boolean | undefined;
  sort?: WorkSort | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One page of services across clients (or one client's), filtered and sorted by the server. */
export function useWorkList(filters: WorkListFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: workKeys.list(filters),
    queryFn: ({ signal }) =>
      apiRequest('/api/staff/work', {
        query: {
          status: filters.status,
          stageKey: filters.stageKey,
          assigneeId: filters.assigneeId,
          clientId: filters.clientId,
          dueFrom: filters.dueFrom,
          dueTo: filters.dueTo,
          // Only "true" narrows; false is the same as no filter.
          overdue: filters.overdue ? 'true' : undefined,
          waitingOnClient: filters.waitingOnClient ? 'true' : undefined,
          sort: filters.sort,
          page: filters.page,
          pageSize: filters.pageSize,
        },
        schema: workPageSchema,
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
