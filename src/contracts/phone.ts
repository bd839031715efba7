/**
 * Australian phone numbers: accepted as Australians write them ("0412 345 678", "(02) 9876 5432",
 * "+61 412 345 678", "+61 (0)412 345 678", "1300 123 456"), stored in E.164 ("+61412345678") or, for 13/1300/1800
 * numbers that have no international form, as their digits.
 */
export function normaliseAustralianPhone(input: string): string | null {
  const raw = input.trim();
  if (!/^[+\d\s()-]{6,20}$/.test(raw)) return null;
  let digits = raw.replace(/[\s()-]/g, '');
  // "+61 (0)412 345 678" and "+61 0412 345 678": the trunk 0 written after the country code.
  if (digits.startsWith('+610')) digits = `+61${digits.slice(4)}`;
  if (digits.startsWith('+61')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('61') && digits.length === 11) digits = `0${digits.slice(2)}`;
  if (/^0[2378]\d{8}$/.test(digits) || /^04\d{8}$/.test(digits) || /^05\d{8}$/.test(digits)) {
    return `+61${digits.slice(1)}`;
  }
  if (/^1[38]00\d{6}$/.test(digits) || /^13\d{4}$/.test(digits)) return digits;
  return null;
}

/** "+61412345678" → "0412 345 678"; "+61298765432" → "(02) 9876 5432"; "1300123456" → "1300 123 456". */
export function formatAustralianPhone(stored: string): string {
  if (stored.startsWith('+61')) {
    const local = `0${stored.slice(3)}`;
    if (/^0[45]/.test(local)) return `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`;
    return `(${local.slice(0, 2)}) ${local.slice(2, 6)} ${local.slice(6)}`;
  }
  if (/^1[38]00\d{6}$/.test(stored)) return `${stored.slice(0, 4)} ${stored.slice(4, 7)} ${stored.slice(7)}`;
  if (/^13\d{4}$/.test(stored)) return `${stored.slice(0, 2)} ${stored.slice(2, 4)} ${stored.slice(4)}`;
  return stored;
}
