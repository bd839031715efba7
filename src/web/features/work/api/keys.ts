import type { WorkListFilters } from './use-work-list';

export const workKeys = {
  all: ['work'] as const,
  lists: ['work', 'list'] as const,
  list: (filters: WorkListFilters) => ['work', 'list', filters] as const,
  service: (id: string) => ['work', 'service', id] as const,
  templates: ['work', 'templates'] as const,
  plans: (clientId: string) => ['work', 'plans', clientId] as const,
};
