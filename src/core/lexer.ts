/**
 * Character-level scanning of Python literal syntax for the tensor-literal parser: whitespace and
 * comments, names, strings, and Python numbers. Works on char codes so that scanning a million
 * numbers costs about as much as JSON.parse; every error is a LiteralError at the offending
 * character.
 */
import { LiteralError, PyErrorType } from './errors';

/**
 * Scalar kinds, stored as negative tags in the parsed data stream (non-negative tags are
 * sequences). Integers carry how far they fit, because PyTorch, NumPy and this project's int64
 * model (exact doubles) each draw the line at a different place.
 */
export const K_FLOAT = -1;
export const K_INT = -2;
export const K_BOOL = -3;
export const K_NONE = -4;
/** An integer no double holds exactly (needs more than 53 bits): fine as a float, refused as int64. */
export const K_INT_INEXACT = -5;
/** An integer outside int64: PyTorch's "Overflow when unpacking long" when stored as int64. */
export const K_INT_BEYOND_INT64 = -6;
/** An integer beyond the double range: Python's "int too large to convert to float". */
export const K_INT_HUGE = -7;

/** 2^63: int64's range is [-2^63, 2^63). */
export const TWO_63 = 9223372036854775808;
const MAX_MESSAGE = 1000;
const MAX_NAME = 256;
/** Powers of ten that doubles hold exactly: the range of the one-rounding fast path. */
export const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

/** Classifies an exact integer magnitude given as digits (radix prefix allowed), with its sign. */
function classifyBigInt(digits: string, negative: boolean): { value: number; kind: number } {
  // Past 1100 binary digits nothing fits a double; skipping BigInt keeps huge literals linear.
  if (digits.length > 1100) return { value: Infinity, kind: K_INT_HUGE };
  const big = BigInt(digits);
  const value = Number(big);
  if (!Number.isFinite(value)) return { value, kind: K_INT_HUGE };
  const limit = negative ? 9223372036854775808n : 9223372036854775807n;
  if (big > limit) return { value, kind: K_INT_BEYOND_INT64 };
  return { value, kind: BigInt(value) === big ? K_INT : K_INT_INEXACT };
}

/** The kind of `-x` for an integer x of `kind`: only 2^63 changes, as -2^63 fits int64. */
export function negatedIntKind(kind: number, value: number): number {
  if (kind === K_INT_BEYOND_INT64 && value === TWO_63) return K_INT;
  if (kind === K_INT && value === -TWO_63) return K_INT_BEYOND_INT64;
  return kind;
}

export class Scanner {
  readonly text: string;
  readonly len: number;
  pos = 0;
  /** Kind (K_*) of the number last scanned by scanNumber. */
  numKind = K_INT;

  constructor(text: string) {
    this.text = text;
    this.len = text.length;
  }

  lineCol(offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    const t = this.text;
    for (let i = t.indexOf('\n'); i !== -1 && i < offset; i = t.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }

  fail(message: string, offset: number = this.pos, pyType?: PyErrorType): never {
    const at = Math.max(0, Math.min(offset, this.len));
    const { line, column } = this.lineCol(at);
    // Messages quote the input; a pathological name or string must not make a megabyte message.
    const text = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE - 3) + '...' : message;
    throw new LiteralError(text, at, line, column, pyType);
  }

  /** What sits at `offset`, for messages: `')'`, `'torch'`, or `end of input`. */
  describe(offset: number = this.pos): string {
    if (offset >= this.len) return 'end of input';
    const c = this.text.charCodeAt(offset);
    if (isNameStart(c)) {
      let e = offset + 1;
      while (e < this.len && isNameChar(this.text.charCodeAt(e))) e++;
      return `'${this.text.slice(offset, e)}'`;
    }
    const cp = this.text.codePointAt(offset) ?? c;
    if (cp === 10) return 'a line break';
    if (cp < 32 || cp === 127 || cp === 0xa0 || cp === 0xfeff) return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    return `'${String.fromCodePoint(cp)}'`;
  }

  /** Skips spaces, tabs, line breaks, `#` comments and backslash continuations. */
  skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 12) {
        p++;
      } else if (c === 35) {
        while (p < this.len && t.charCodeAt(p) !== 10 && t.charCodeAt(p) !== 13) p++;
      } else if (c === 92) {
        const n = t.charCodeAt(p + 1);
        if (n === 10) p += 2;
        else if (n === 13) p += t.charCodeAt(p + 2) === 10 ? 3 : 2;
        else break;
      } else {
        break;
      }
    }
    this.pos = p;
  }

  peek(): number {
    return this.pos < this.len ? this.text.charCodeAt(this.pos) : -1;
  }

  /** An identifier at pos (ASCII, as every name this parser knows is), or '' if none. */
  scanName(): string {
    const t = this.text;
    const start = this.pos;
    if (!isNameStart(t.charCodeAt(start))) return '';
    let p = start + 1;
    while (p < this.len && isNameChar(t.charCodeAt(p))) p++;
    this.pos = p;
    return t.slice(start, p);
  }

  /** `a.b.c` with optional whitespace around the dots, as Python allows. */
  scanDotted(): string {
    const start = this.pos;
    let name = this.scanName();
    for (;;) {
      // No name this parser knows is this long; stop before a pasted megabyte becomes one.
      if (name.length > MAX_NAME) this.fail(`unknown name '${name.slice(0, 40)}...'`, start);
      const save = this.pos;
      this.skipWs();
      if (this.peek() !== 46 || isDigit(this.text.charCodeAt(this.pos + 1))) {
        this.pos = save;
        return name;
      }
      this.pos++;
      this.skipWs();
      const part = this.scanName();
      if (!part) this.fail(`expected a name after '.', found ${this.describe()}`);
      name += '.' + part;
    }
  }

  /** A plain Python string literal ('...' or "..."); prefixes and escapes beyond the simple ones are refused. */
  scanString(): string {
    const t = this.text;
    const start = this.pos;
    const q = t.charCodeAt(start);
    const triple = t.charCodeAt(start + 1) === q && t.charCodeAt(start + 2) === q;
    let p = start + (triple ? 3 : 1);
    let out = '';
    let run = p; // start of the characters not yet copied to `out`
    for (;;) {
      if (p >= this.len) this.fail('unterminated string literal', start);
      const c = t.charCodeAt(p);
      if (c === q && (!triple || (t.charCodeAt(p + 1) === q && t.charCodeAt(p + 2) === q))) {
        out += t.slice(run, p);
        p += triple ? 3 : 1;
        break;
      }
      if (!triple && (c === 10 || c === 13)) this.fail('unterminated string literal', start);
      if (c === 92) {
        const e = t[p + 1];
        const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '\n': '' };
        if (e === undefined || !(e in simple)) this.fail('unsupported escape sequence in a string', p);
        out += t.slice(run, p) + simple[e];
        p += 2;
        run = p;
        continue;
      }
      p++;
    }
    this.pos = p;
    return out;
  }

  /**
   * A Python number at pos (a digit or '.' followed by a digit), unsigned. Returns its value and
   * sets numKind. `negative` is the sign written before it, which decides whether an integer
   * fits int64 (-2^63 does, 2^63 does not).
   */
  scanNumber(negative: boolean): number {
    const t = this.text;
    const start = this.pos;
    let p = start;
    let c = t.charCodeAt(p);
    if (c === 48) {
      const x = t.charCodeAt(p + 1) | 0x20;
      if (x === 120 || x === 111 || x === 98) return this.scanRadix(negative);
    }
    let m = 0; // the first 15 significant digits, exactly
    let nd = 0; // significant digits seen (leading zeros excluded)
    let scale = 0; // decimal exponent to apply to m for the digits beyond 15 and after the point
    let isInt = true;
    let underscores = false;
    let nonZeroLead = false;
    // integer part
    while (p < this.len) {
      c = t.charCodeAt(p);
      if (c >= 48 && c <= 57) {
        if (nd < 15) {
          m = m * 10 + (c - 48);
          if (m !== 0) nd++;
        } else {
          nd++;
          scale++;
        }
        if (c !== 48) nonZeroLead = true;
        p++;
      } else if (c === 95) {
        if (!isDigit(t.charCodeAt(p + 1)) || p === start) break;
        underscores = true;
        p++;
      } else {
        break;
      }
    }
    const intEnd = p;
    if (c === 46) {
      // fraction
      isInt = false;
      p++;
      if (p - 1 === start && !isDigit(t.charCodeAt(p))) this.fail('invalid syntax', start);
      let first = true;
      while (p < this.len) {
        c = t.charCodeAt(p);
        if (c >= 48 && c <= 57) {
          if (nd < 15) {
            m = m * 10 + (c - 48);
            if (m !== 0) nd++;
            scale--;
          } else {
            nd++;
          }
          p++;
          first = false;
        } else if (c === 95 && !first && isDigit(t.charCodeAt(p + 1))) {
          underscores = true;
          p++;
        } else {
          break;
        }
      }
    }
    if (c === 101 || c === 69) {
      // exponent
      let q = p + 1;
      let ec = t.charCodeAt(q);
      let eneg = false;
      if (ec === 43 || ec === 45) {
        eneg = ec === 45;
        q++;
        ec = t.charCodeAt(q);
      }
      if (!isDigit(ec)) this.fail('invalid decimal literal', p);
      let e = 0;
      while (q < this.len) {
        ec = t.charCodeAt(q);
        if (ec >= 48 && ec <= 57) {
          if (e < 100000) e = e * 10 + (ec - 48);
          q++;
        } else if (ec === 95 && isDigit(t.charCodeAt(q + 1))) {
          underscores = true;
          q++;
        } else {
          break;
        }
      }
      isInt = false;
      scale += eneg ? -e : e;
      p = q;
    }
    c = t.charCodeAt(p);
    if (isNameChar(c)) {
      if (c === 106 || c === 74) this.fail('complex numbers are not supported: a tensor literal holds real numbers', start);
      this.fail('invalid decimal literal', p);
    }
    this.pos = p;
    if (isInt) {
      if (nonZeroLead && t.charCodeAt(start) === 48) {
        this.fail('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', start);
      }
      if (nd <= 15) {
        this.numKind = K_INT;
        return m;
      }
      if (nd > 400) {
        this.numKind = K_INT_HUGE;
        return Infinity;
      }
      const r = classifyBigInt(underscores ? t.slice(start, intEnd).replace(/_/g, '') : t.slice(start, intEnd), negative);
      this.numKind = r.kind;
      return r.value;
    }
    this.numKind = K_FLOAT;
    // One correctly rounded operation on exact operands gives the correctly rounded result.
    if (nd <= 15 && scale >= -22 && scale <= 22) return scale >= 0 ? m * POW10[scale] : m / POW10[-scale];
    const s = t.slice(start, p);
    return Number(underscores ? s.replace(/_/g, '') : s);
  }

  private scanRadix(negative: boolean): number {
    const t = this.text;
    const start = this.pos;
    const x = t.charCodeAt(start + 1) | 0x20;
    const base = x === 120 ? 16 : x === 111 ? 8 : 2;
    const name = base === 16 ? 'hexadecimal' : base === 8 ? 'octal' : 'binary';
    let p = start + 2;
    const first = p;
    let underscores = false;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 95 && isNameChar(t.charCodeAt(p + 1)) && t.charCodeAt(p + 1) !== 95) {
        underscores = true;
        p++;
        continue;
      }
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : -1;
      if (d < 0) break;
      if (d >= base) this.fail(`invalid digit '${t[p]}' in ${name} literal`, p);
      p++;
    }
    if (p === first || isNameChar(t.charCodeAt(p))) this.fail(`invalid ${name} literal`, p === first ? start : p);
    this.pos = p;
    const raw = t.slice(first, p);
    const digits = (underscores ? raw.replace(/_/g, '') : raw).replace(/^0+/, '') || '0';
    const r = classifyBigInt('0' + t[start + 1] + digits, negative);
    this.numKind = r.kind;
    return r.value;
  }
}

/**
 * Python's float(str): surrounding whitespace, an optional sign, `nan`/`inf`/`infinity` in any
 * case, or a decimal number with PEP 515 underscores. Returns undefined when Python raises.
 */
export function pyFloatFromString(s: string): number | undefined {
  const body = s.replace(/^[\s]+|[\s]+$/g, '');
  const m = /^([+-]?)(?:(nan|inf|infinity)|((?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?))$/i.exec(body);
  if (!m) return undefined;
  const neg = m[1] === '-';
  if (m[2] !== undefined) {
    const v = m[2].toLowerCase() === 'nan' ? NaN : Infinity;
    return neg ? -v : v;
  }
  const num = m[3];
  if (!/\d/.test(num.split(/[eE]/)[0])) return undefined;
  const v = Number(num.replace(/_/g, ''));
  return neg ? -v : v;
}
