import { describe, expect, it } from 'vitest';
import { formatAustralianPhone, normaliseAustralianPhone } from './phone.js';

describe('Australian phone numbers', () => {
  it.each([
    ['0412 345 678', '+61412345678', '0412 345 678'],
    ['+61 412 345 678', '+61412345678', '0412 345 678'],
    ['+61 (0)412 345 678', '+61412345678', '0412 345 678'],
    ['+61 0412 345 678', '+61412345678', '0412 345 678'],
    ['+61 (0)2 9876 5432', '+61298765432', '(02) 9876 5432'],
    ['(02) 9876 5432', '+61298765432', '(02) 9876 5432'],
    ['07-3333-4444', '+61733334444', '(07) 3333 4444'],
    ['61 8 9123 4567', '+61891234567', '(08) 9123 4567'],
    ['1300 123 456', '1300123456', '1300 123 456'],
    ['1800123456', '1800123456', '1800 123 456'],
    ['13 12 34', '131234', '13 12 34'],
  ])('%s is stored as %s and shown as %s', (input, stored, shown) => {
    expect(normaliseAustralianPhone(input)).toBe(stored);
    expect(formatAustralianPhone(stored)).toBe(shown);
  });
  it.each(['', '12345', '0912 345 678', '+1 415 555 0100', '04123456789', '+61 00412 345 678', 'call me', '0412<script>'])('rejects %s', (input) => {
    expect(normaliseAustralianPhone(input)).toBeNull();
  });
});
