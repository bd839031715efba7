/** WCAG 2.x relative luminance and contrast ratio, for firm brand colours. */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const DARK = '#111827';
const WHITE = '#FFFFFF';

/** The text colour (white or near-black) that reads best on the brand colour. */
export function accessibleTextColour(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, DARK) ? WHITE : DARK;
}

/** A sentence for the firm when its colour fails WCAG AA somewhere the portal uses it, else null. */
export function brandContrastWarning(colour: string): string | null {
  const onButton = contrastRatio(colour, accessibleTextColour(colour));
  const onWhite = contrastRatio(colour, WHITE);
  if (onButton < 4.5) {
    return `Button text on ${colour} reaches only ${onButton.toFixed(1)}:1 contrast (WCAG AA needs 4.5:1). Choose a darker or lighter colour.`;
  }
  if (onWhite < 3) {
    return `${colour} on the portal's white background reaches only ${onWhite.toFixed(1)}:1 (WCAG AA needs 3:1 for borders and focus rings). Clients with low vision may miss it; a darker shade is safer.`;
  }
  return null;
}
