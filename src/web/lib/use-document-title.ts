import { useEffect } from 'react';

/** "Clients · Ledger Loom": screen-reader users hear the page change through the title. */
export function useDocumentTitle(...parts: Array<string | null | undefined>): void {
  const title = parts.filter((p): p is string => Boolean(p)).join(' · ');
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
}
