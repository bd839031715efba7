export const firmSettingsKey = ['firm', 'settings'] as const;
export const publicBrandingKey = (slug: string) => ['public', 'branding', slug] as const;
