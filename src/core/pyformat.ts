/**
 * Python's number formatting, where it differs from JavaScript's. PyTorch's messages and
 * printing go through Python's `repr(float)`, so the core must write numbers the same way.
 */

/** `str(v)` of a number written as a Python int (`20`) or float (`20.0`, `1e-05`). */
export function pyNumberStr(v: number, isInt: boolean): string {
  return isInt && Number.isInteger(v) ? BigInt(v).toString() : pyFloatRepr(v);
}

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

/** Largest digit count the fixed/exponent helpers accept: JavaScript's toFixed/toExponential limit. */
export const MAX_FORMAT_DIGITS = 100;

/**
 * Python's `'{:.Nf}'.format(x)` (`digits` = N): the exact binary value rounded half to even,
 * `-0.0000` for negative zero and for negatives that round to zero, `nan`/`inf`/`-inf`.
 */
export function pyFormatFixed(x: number, digits: number): string {
  checkDigits(digits);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const a = Math.abs(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let s: string;
  if (a >= 1e21) {
    // toFixed switches to exponent notation here; such doubles are integers, so print them whole.
    s = BigInt(a).toString();
    if (digits > 0) s += '.' + '0'.repeat(digits);
  } else {
    // toFixed rounds the exact value correctly except that ties go up; Python's go to even.
    s = a.toFixed(digits);
    if (isOddLastDigit(s, s.length - 1) && isFixedTie(a, digits)) s = decrementLastDigit(s, s.length - 1);
  }
  return sign + s;
}

/**
 * Python's `'{:.Ne}'.format(x)` (`digits` = N): round half to even on the exact value, exponent
 * with a sign and at least two digits (`1.0000e-05`), `-0.0000e+00`, `nan`/`inf`/`-inf`.
 */
export function pyFormatExp(x: number, digits: number): string {
  checkDigits(digits);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const a = Math.abs(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const s = a.toExponential(digits);
  const ePos = s.indexOf('e');
  let mant = s.slice(0, ePos);
  const exp = Number(s.slice(ePos + 1));
  // An odd last digit after a carry is impossible (a carry leaves zeros), so `exp` is the exact value's.
  if (isOddLastDigit(mant, ePos - 1) && isExpTie(a, digits, exp)) mant = decrementLastDigit(mant, ePos - 1);
  const e = Math.abs(exp);
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
}

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0 || digits > MAX_FORMAT_DIGITS) {
    throw new RangeError(`digits must be an integer from 0 to ${MAX_FORMAT_DIGITS}, got ${digits}`);
  }
}

function isOddLastDigit(s: string, i: number): boolean {
  return (s.charCodeAt(i) & 1) === 1; // '0' is 0x30, so the code's parity is the digit's
}

/** Rounding a tie away from zero gave an odd digit: the even neighbour is one unit below, no borrow. */
function decrementLastDigit(s: string, i: number): string {
  return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) - 1) + s.slice(i + 1);
}

/** a (finite, >= 0) lies exactly halfway between two N-decimal values iff a * 2^(N+1) is an odd integer. */
function isFixedTie(a: number, digits: number): boolean {
  const y = a * 2 ** (digits + 1); // a power-of-two scale is exact
  return Number.isInteger(y) && y % 2 === 1;
}

/**
 * a (finite, > 0, decimal exponent `exp`) is halfway between two (N+1)-significant-digit values iff
 * 2a * 10^k is an odd integer, k = N - exp. Writing 10^k = 2^k 5^k: a * 2^(k+1) must be an odd
 * integer, and when k < 0 it must also be divisible by 5^-k.
 */
function isExpTie(a: number, digits: number, exp: number): boolean {
  const k = digits - exp;
  const y = a * 2 ** (k + 1);
  if (!Number.isInteger(y) || y % 2 !== 1) return false;
  // y is odd, so below 2^53; 5^23 exceeds that, so no odd y has such a factor.
  return k >= 0 || (-k <= 22 && y % 5 ** -k === 0);
}

/** Python's repr of a str, as its error messages quote strings. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  // One regex pass: a pasted megabyte string must not be rebuilt a character at a time.
  // eslint-disable-next-line no-control-regex
  const body = s.replace(/[\\\x00-\x1f\x7f'"]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    if (ch === "'" || ch === '"') return ch === quote ? '\\' + ch : ch;
    return '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
  });
  return quote + body + quote;
}

/**
 * `str(int)` for integers held as doubles: every digit of the double's exact value (`String`
 * gives only the shortest digits that read back, zeros after them, beyond 2^53, and `1e+21`).
 */
export function pyIntStr(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}
