export const clientKeys = {
  all: ['clients'] as const,
  list: (q: string, page: number, pageSize: number) => ['clients', 'list', { q, page, pageSize }] as const,
  detail: (id: string) => ['clients', 'detail', id] as const,
  portalUsers: (id: string) => ['clients', 'detail', id, 'portal-users'] as const,
  emails: (id: string) => ['clients', 'detail', id, 'emails'] as const,
};
