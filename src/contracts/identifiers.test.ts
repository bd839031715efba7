import { describe, expect, it } from 'vitest';
import { formatAbn, formatAcn, isValidAbn, isValidAcn } from './identifiers.js';

// Vectors from shared/domain/australian-rules-and-eway.md §3.
describe('ABN checksum', () => {
  it.each(['51824753556', '51 824 753 556', '53004085616'])('accepts %s', (abn) => expect(isValidAbn(abn)).toBe(true));
  it.each(['51824753557', '52824753556', '15824753556', '12345678901', '', '5182475355', '518247535561', '01824753556', '5182475355a'])(
    'rejects %s',
    (abn) => expect(isValidAbn(abn)).toBe(false),
  );
  it('formats as 2-3-3-3', () => expect(formatAbn('51824753556')).toBe('51 824 753 556'));
});

describe('ACN check digit', () => {
  it.each(['004085616', '000000019', '000250000', '000500005', '000750005', '001000004', '001250004', '001500009', '001749999', '001999999', '002249998', '010749961', '004 085 616'])(
    'accepts %s',
    (acn) => expect(isValidAcn(acn)).toBe(true),
  );
  it.each(['004085617', '', '00408561', '0040856161', 'abcdefghi'])('rejects %s', (acn) => expect(isValidAcn(acn)).toBe(false));
  it('the company ABN is two check digits plus the ACN', () => expect(isValidAbn(`53${'004085616'}`)).toBe(true));
  it('formats as 3-3-3', () => expect(formatAcn('004085616')).toBe('004 085 616'));
});
