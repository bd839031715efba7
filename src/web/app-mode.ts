/** Which front door this page load is, decided once from the HTML and the address. */
export type AppMode = { kind: 'staff' } | { kind: 'portal'; slug: string; basename: string };

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * 1. On a firm's own host (e.g. harbourside.localhost:3000) the server injects
 *    <meta name="ll-portal-slug" content="harbourside">: the portal lives at "/".
 * 2. /portal/<slug>/… on the main host: the portal, under that prefix.
 * 3. Anything else: the staff workspace (/app/…).
 */
export function detectAppMode(doc: Document, pathname: string): AppMode {
  const meta = doc.querySelector('meta[name="ll-portal-slug"]')?.getAttribute('content')?.trim().toLowerCase();
  if (meta && SLUG.test(meta)) return { kind: 'portal', slug: meta, basename: '' };
  const match = /^\/portal\/([^/]+)(?:\/|$)/.exec(pathname);
  const slug = match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : null;
  if (slug && SLUG.test(slug)) return { kind: 'portal', slug, basename: `/portal/${slug}` };
  return { kind: 'staff' };
}
