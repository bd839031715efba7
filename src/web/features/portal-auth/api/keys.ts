export const portalSessionKey = (slug: string) => ['portal', slug, 'session'] as const;
export const portalKey = (slug: string) => ['portal', slug] as const;
