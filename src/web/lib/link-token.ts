import { useEffect, useState } from 'react';

function tokenFromFragment(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return null;
  const token = new URLSearchParams(hash).get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/**
 * The token of an emailed link (`…#token=XXXX`). It is read once and then removed from the address
 * bar, so it does not linger in history, screenshots or a shared screen (SECURITY.md, links).
 */
export function useLinkToken(): string | null {
  const [token] = useState(tokenFromFragment);
  useEffect(() => {
    if (window.location.hash) {
      const { pathname, search } = window.location;
      window.history.replaceState(window.history.state, '', `${pathname}${search}`);
    }
  }, []);
  return token;
}
