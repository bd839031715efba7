export const staffSessionKey = ['staff', 'session'] as const;
