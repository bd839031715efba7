/** WCAG 2 colour maths for firm branding (#RRGGBB only, as the contracts accept). */

export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

function channel(hex: string, offset: number): number {
  const v = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const DARK_TEXT = '#111827';
const LIGHT_TEXT = '#FFFFFF';

/** The text colour (white or near-black) that reads best on `background`. */
export function readableTextColour(background: string): string {
  if (!HEX_COLOUR.test(background)) return LIGHT_TEXT;
  return contrastRatio(background, LIGHT_TEXT) >= contrastRatio(background, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}

/**
 * A focus-ring / link colour derived from the brand colour that stays visible on white
 * (3:1 for non-text, 4.5:1 for text): the brand colour itself when it is dark enough, else near-black.
 */
export function accentOnWhite(brand: string): string {
  if (!HEX_COLOUR.test(brand)) return DARK_TEXT;
  return contrastRatio(brand, '#FFFFFF') >= 4.5 ? brand : DARK_TEXT;
}

/**
 * The same check the server makes when the colour is saved (firms/contrast.ts), so the Settings
 * page can warn while the colour is still being chosen.
 */
export function brandContrastWarning(colour: string): string | null {
  if (!HEX_COLOUR.test(colour)) return null;
  const onButton = contrastRatio(colour, readableTextColour(colour));
  const onWhite = contrastRatio(colour, '#FFFFFF');
  if (onButton < 4.5) {
    return `Button text on ${colour} reaches only ${onButton.toFixed(1)}:1 contrast (WCAG AA needs 4.5:1). Choose a darker or lighter colour.`;
  }
  if (onWhite < 3) {
    return `${colour} on the portal's white background reaches only ${onWhite.toFixed(1)}:1 (WCAG AA needs 3:1 for borders and focus rings). Clients with low vision may miss it; a darker shade is safer.`;
  }
  return null;
}
