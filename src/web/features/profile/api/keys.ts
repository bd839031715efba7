/** Where a profile lives: the staff API or one firm's portal API, and the session query it refreshes. */
export interface ProfileScope {
  apiBase: string;
  sessionKey: readonly unknown[];
}

export const profileKey = (scope: ProfileScope) => [...scope.sessionKey, 'profile'] as const;
export const notificationPreferencesKey = (scope: ProfileScope) => [...scope.sessionKey, 'profile', 'notifications'] as const;
export const sessionsKey = (scope: ProfileScope) => [...scope.sessionKey, 'profile', 'sessions'] as const;
