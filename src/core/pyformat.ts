/**
 * Python's number formatting, where it differs from JavaScript's. PyTorch's messages and
 * printing go through Python's `repr(float)`, so the core must write numbers the same way.
 */

/** `repr(x)` of a Python float: `1.5`, `1.0`, `1e-05`, `1e+16`, `nan`, `inf`, `-0.0`. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() without an argument gives the shortest digits that round-trip, as Python's repr.
  const [mant, expPart] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expPart);
  const sign = x < 0 ? '-' : '';
  const decpt = exp + 1; // digits before the decimal point
  // CPython's float_repr_style 'short': fixed notation when -4 < decpt <= 16, else exponent.
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
