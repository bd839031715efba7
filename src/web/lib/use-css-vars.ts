import { type RefObject, useLayoutEffect } from 'react';

/**
 * Sets CSS custom properties on an element through the CSSOM (element.style.setProperty), which
 * the Content-Security-Policy allows, unlike style attributes in markup.
 */
export function useCssVars(ref: RefObject<HTMLElement | null>, vars: Record<`--${string}`, string | null | undefined>): void {
  const serialised = JSON.stringify(vars);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const entries = Object.entries(JSON.parse(serialised) as Record<string, string | null>);
    for (const [name, value] of entries) {
      if (value) el.style.setProperty(name, value);
      else el.style.removeProperty(name);
    }
  }, [ref, serialised]);
}

/** Same, on <html>, for the whole page (the portal's brand colours). */
export function setRootCssVars(vars: Record<`--${string}`, string | null | undefined>): void {
  const el = document.documentElement;
  for (const [name, value] of Object.entries(vars)) {
    if (value) el.style.setProperty(name, value);
    else el.style.removeProperty(name);
  }
}
