/** The non-superuser login role the tests serve requests with on PostgreSQL (member of ll_app). */
export const RUNTIME_ROLE = 'll_test_runtime';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

/** Where CREATE/DROP DATABASE run: the database TEST_DATABASE_URL names (CI makes a fresh one per run). */
export function adminUrl(url: string): string {
  return url;
}
