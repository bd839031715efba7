export const staffMembersKey = ['staff-members'] as const;
