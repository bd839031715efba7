import { describe, expect, it } from 'vitest';
import { accessibleTextColour, brandContrastWarning, contrastRatio } from './contrast.js';

describe('brand colour contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 1);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 1);
  });
  it('picks readable text for the colour', () => {
    expect(accessibleTextColour('#0F5E8C')).toBe('#FFFFFF');
    expect(accessibleTextColour('#FFEB3B')).toBe('#111827');
  });
  it('warns about colours clients may not see, and not about good ones', () => {
    expect(brandContrastWarning('#0F5E8C')).toBeNull();
    expect(brandContrastWarning('#FFFF00')).toMatch(/3:1/);
  });
});
