import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatAud, invoiceTotals, lineAmountCents, type LineInput } from './gst.js';

const one = (unitPriceCents: number, gst: LineInput['gst'] = 'taxable', quantityMilli = 1000): LineInput => ({ quantityMilli, unitPriceCents, gst });

describe('GST (shared/domain §2.1)', () => {
  it('the worked example: three lines of $1.15 ex GST make $0.35 GST by the total-invoice rule (not $0.36)', () => {
    const t = invoiceTotals([one(115), one(115), one(115)], 'exclusive');
    expect(t).toMatchObject({ subtotalCents: 345, gstCents: 35, totalCents: 380 });
    expect(t.lines.map((l) => l.gstCentsDisplay)).toEqual([12, 12, 12]); // per-line display rounds each
  });

  it('GST-inclusive prices: GST is 1/11 of the taxable total, rounded half up once', () => {
    expect(invoiceTotals([one(11000)], 'inclusive')).toMatchObject({ totalCents: 11000, gstCents: 1000, subtotalCents: 10000 });
    // $1.00 incl: 100/11 = 9.0909… → 9 cents
    expect(invoiceTotals([one(100)], 'inclusive')).toMatchObject({ gstCents: 9, subtotalCents: 91, totalCents: 100 });
    // 0.5 of a cent rounds up: 55/11 = 5 exactly; 165 ex → 16.5 → 17
    expect(invoiceTotals([one(165)], 'exclusive').gstCents).toBe(17);
  });

  it('GST-free lines carry no GST and are reported separately; a firm not registered charges none', () => {
    const t = invoiceTotals([one(100_000), one(5_500, 'gst_free')], 'exclusive');
    expect(t).toMatchObject({ subtotalCents: 105_500, gstCents: 10_000, totalCents: 115_500, gstFreeCents: 5_500 });
    expect(invoiceTotals([one(100_000)], 'exclusive', false)).toMatchObject({ gstCents: 0, totalCents: 100_000 });
  });

  it('quantities in thousandths: 1.5 hours at $180.00 = $270.00; 0.333 × $100.00 = $33.30', () => {
    expect(lineAmountCents(1500, 18_000)).toBe(27_000);
    expect(lineAmountCents(333, 10_000)).toBe(3_330);
    expect(lineAmountCents(1, 5)).toBe(0); // 0.005 cents rounds to 0
    expect(lineAmountCents(100, 5)).toBe(1); // 0.5 cents rounds up
  });

  it('refuses fractions of a cent and negative numbers', () => {
    expect(() => lineAmountCents(1000, 1.5)).toThrow(RangeError);
    expect(() => lineAmountCents(-1, 100)).toThrow(RangeError);
    expect(() => divRoundHalfUp(-1n, 2n)).toThrow(RangeError);
  });

  it('formats AUD as Australians write it', () => {
    expect(formatAud(123450)).toBe('$1,234.50');
    expect(formatAud(5)).toBe('$0.05');
    expect(formatAud(-1200)).toBe('-$12.00');
    expect(formatAud(100_000_000_00)).toBe('$100,000,000.00');
  });

  const lineArb = fc.record({
    quantityMilli: fc.integer({ min: 0, max: 10_000_000 }),
    unitPriceCents: fc.integer({ min: 0, max: 100_000_000 }),
    gst: fc.constantFrom<LineInput['gst']>('taxable', 'gst_free'),
  });

  it('property: subtotal + GST = total to the cent, for any invoice in either price mode', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), fc.constantFrom('exclusive', 'inclusive') as fc.Arbitrary<'exclusive' | 'inclusive'>, fc.boolean(), (lines, mode, registered) => {
        const t = invoiceTotals(lines, mode, registered);
        expect(t.subtotalCents + t.gstCents).toBe(t.totalCents);
        expect(t.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(mode === 'exclusive' ? t.subtotalCents : t.totalCents);
        expect(t.gstCents).toBeGreaterThanOrEqual(0);
        if (!registered) expect(t.gstCents).toBe(0);
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });

  it('property: the GST is within half a cent of the exact GST of the taxable lines', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), fc.constantFrom('exclusive', 'inclusive') as fc.Arbitrary<'exclusive' | 'inclusive'>, (lines, mode) => {
        const t = invoiceTotals(lines, mode);
        const taxable = t.lines.reduce((s, l, i) => s + (lines[i]?.gst === 'taxable' ? BigInt(l.amountCents) : 0n), 0n);
        const d = mode === 'exclusive' ? 10n : 11n;
        // |gst·d − taxable| ≤ d/2, in whole numbers: |2·gst·d − 2·taxable| ≤ d
        const diff = 2n * BigInt(t.gstCents) * d - 2n * taxable;
        expect(diff <= d && diff >= -d).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
