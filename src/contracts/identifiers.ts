/**
 * Australian business identifiers. Algorithms from shared/domain/australian-rules-and-eway.md §3.
 * Shared by server (validation) and web (inline form feedback).
 */
const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19] as const;
const ACN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1] as const;

/** Digits only; spaces are allowed in input ("51 824 753 556"). */
export function normaliseIdentifier(input: string): string {
  return input.replace(/\s+/g, '');
}

/** ABN: 11 digits, first digit minus 1, weighted sum mod 89 == 0. A leading 0 is never valid. */
export function isValidAbn(input: string): boolean {
  const abn = normaliseIdentifier(input);
  if (!/^[1-9]\d{10}$/.test(abn)) return false;
  const digits = [...abn].map(Number);
  digits[0] = (digits[0] ?? 0) - 1;
  const sum = digits.reduce((acc, d, i) => acc + d * (ABN_WEIGHTS[i] ?? 0), 0);
  return sum % 89 === 0;
}

/** ACN: 9 digits; check digit = (10 - (weighted sum of first 8 mod 10)) mod 10. */
export function isValidAcn(input: string): boolean {
  const acn = normaliseIdentifier(input);
  if (!/^\d{9}$/.test(acn)) return false;
  const digits = [...acn].map(Number);
  const sum = ACN_WEIGHTS.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  return (10 - (sum % 10)) % 10 === digits[8];
}

/** "51824753556" → "51 824 753 556". */
export function formatAbn(abn: string): string {
  const d = normaliseIdentifier(abn);
  return d.length === 11 ? `${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5, 8)} ${d.slice(8)}` : abn;
}

/** "004085616" → "004 085 616". */
export function formatAcn(acn: string): string {
  const d = normaliseIdentifier(acn);
  return d.length === 9 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : acn;
}
