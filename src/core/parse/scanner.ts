/** The data scanner: nested lists, tuples and scalars read once into a tag stream and a value array. */
import { K_BOOL, K_FLOAT, K_INT, K_INT_HUGE, K_NONE, POW10, Scanner, isDigit, isNameStart, negatedIntKind, pyFloatFromString } from '../lexer';
import { pyStrRepr } from '../pyformat';
import { resolveApprox } from './convert';
import { MAX_NESTING } from './limits';
import { type Data, seqName } from './types';
export class DataScanner {
  tags: Int32Array;
  offs: Int32Array;
  ntags = 0;
  vals: Float64Array;
  nvals = 0;
  nFloat = 0;
  nInt = 0;
  nBool = 0;
  nNone = 0;
  nEmpty = 0;
  readonly approx: number[] = [];
  /** Kind of the scalar pushed last (what a parenthesised scalar unwraps to). */
  private lastKind = K_INT;

  constructor(
    private readonly sc: Scanner,
    private readonly maxElements: number,
    /** Inside a printed repr, where `nan` and `inf` appear bare. */
    private readonly reprMode: boolean,
    /** The literal's main data (the first data read): sized for the rest of the text. */
    main: boolean,
  ) {
    // The main data is sized from the density of commas in the next 64 KiB (bounded by
    // maxElements): a big literal then neither grows (copies) nor over-allocates, both a good part
    // of the cost at 10^6. Other arguments (sizes, fill values) start small and double.
    let cap = 8;
    if (main) {
      const rest = sc.len - sc.pos;
      const sample = Math.min(rest, 65536);
      let commas = 1;
      for (let i = sc.text.indexOf(',', sc.pos); i >= 0 && i < sc.pos + sample; i = sc.text.indexOf(',', i + 1)) commas++;
      cap = Math.max(64, Math.min(maxElements + 1, Math.ceil((rest / Math.max(sample, 1)) * commas * 1.05)));
    }
    this.tags = new Int32Array(cap);
    this.offs = new Int32Array(cap);
    this.vals = new Float64Array(cap);
  }

  private growTags(): void {
    const t = new Int32Array(this.tags.length * 2);
    t.set(this.tags);
    this.tags = t;
    const o = new Int32Array(this.offs.length * 2);
    o.set(this.offs);
    this.offs = o;
  }

  private pushScalar(kind: number, value: number, off: number): void {
    if (this.nvals >= this.maxElements) {
      this.sc.fail(`the literal has more than ${this.maxElements} elements, the limit (option maxElements)`, off);
    }
    if (this.ntags === this.tags.length) this.growTags();
    this.tags[this.ntags] = kind;
    this.offs[this.ntags++] = off;
    if (this.nvals === this.vals.length) {
      const v = new Float64Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.vals[this.nvals++] = value;
    this.count(kind, 1);
    this.lastKind = kind;
  }

  private count(kind: number, d: number): void {
    if (kind === K_FLOAT) this.nFloat += d;
    else if (kind === K_BOOL) this.nBool += d;
    else if (kind === K_NONE) this.nNone += d;
    else this.nInt += d;
  }

  /** Applies unary signs (`neg`: an odd number of '-'; `op`: the operator nearest the operand) to the last scalar. */
  private applySign(neg: boolean, op: string, off: number): void {
    const i = this.nvals - 1;
    const kind = this.lastKind;
    if (kind === K_NONE) this.sc.fail(`bad operand type for unary ${op}: 'NoneType'`, off, 'TypeError');
    let v = this.vals[i];
    let k = kind;
    if (kind === K_FLOAT) {
      if (neg) v = -v;
    } else {
      // bool and int both become int; 0 - v keeps an integer zero positive
      if (neg) {
        v = 0 - v;
        if (kind !== K_BOOL) k = negatedIntKind(kind, v);
      }
      if (kind === K_BOOL) k = K_INT;
    }
    this.vals[i] = v;
    if (k !== kind) {
      this.count(kind, -1);
      this.count(k, 1);
      this.tags[this.ntags - 1] = k;
      this.lastKind = k;
    }
  }

  /**
   * Scans one element (a number, a name such as True, float('nan'), or a nested list/tuple)
   * starting at sc.pos. `depth` is how many brackets are already open around it.
   *
   * The hot loop keeps the buffers and counters in locals (property traffic per number would
   * double the cost) and hands them back to `this` around the rare calls that use them.
   */
  scanElement(depth: number): Data {
    const sc: Scanner = this.sc;
    const t = sc.text;
    const start = sc.pos;
    const maxElements = this.maxElements;
    // Open sequences: tag index, unary signs before it (0: none, 1: '+', 2: '-' nearest; +4 when
    // the net sign is negative), opening offset; and the enclosing frames' counts and closers.
    const fTag: number[] = [];
    const fSign: number[] = [];
    const fStart: number[] = [];
    const fCount: number[] = [];
    const fClose: number[] = [];
    let count = 0; // elements finished in the innermost open sequence
    let close = 0; // its closing char; 0 when none is open
    let tags = this.tags;
    let offs = this.offs;
    let vals = this.vals;
    let nt = this.ntags;
    let nv = this.nvals;
    let nInt = 0;
    let nFloat = 0;
    let lastKind = this.lastKind;
    let p = sc.pos;
    for (;;) {
      // ---- one element ----
      let c = t.charCodeAt(p);
      while (c === 32) c = t.charCodeAt(++p);
      if (c === 10 || c === 13 || c === 9 || c === 12 || c === 35 || c === 92) {
        sc.pos = p;
        sc.skipWs();
        p = sc.pos;
        c = t.charCodeAt(p);
      }
      const elemStart = p;
      const c1 = t.charCodeAt(p + 1);
      if ((c >= 48 && c <= 57) || (c === 45 && c1 >= 48 && c1 <= 57)) {
        // A plain decimal number, optionally negative. While its digits form an integer below
        // 2^53 (exact) and there is no exponent, one division by an exact power of ten is
        // correctly rounded; anything else goes to the full scanner.
        const neg = c === 45;
        let q = neg ? p + 1 : p;
        const digitsAt = q;
        let m = 0;
        let scale = 0;
        let isFloat = false;
        c = t.charCodeAt(q);
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          c = t.charCodeAt(++q);
        }
        if (c === 46) {
          isFloat = true;
          c = t.charCodeAt(++q);
          while (c >= 48 && c <= 57) {
            m = m * 10 + (c - 48);
            scale--;
            c = t.charCodeAt(++q);
          }
        }
        let v: number;
        let k: number;
        const leadingZero = !isFloat && t.charCodeAt(digitsAt) === 48 && q - digitsAt > 1;
        const nameChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
        if (m < 9007199254740992 && scale >= -22 && !leadingZero && !nameChar) {
          v = scale === 0 ? m : m / POW10[-scale];
          if (neg) v = isFloat ? -v : 0 - v;
          k = isFloat ? K_FLOAT : K_INT;
        } else if (isFloat && m < 1e19 && scale >= -22 && !nameChar) {
          // 17 to 19 digits (print(x.tolist()) of float32 data writes 17): within a few units in
          // the last place; `resolveApprox` makes it exact once the dtype is known.
          v = scale === 0 ? m : m / POW10[-scale];
          if (neg) v = -v;
          k = K_FLOAT;
          this.approx.push(nv, elemStart);
        } else {
          sc.pos = digitsAt;
          v = sc.scanNumber(neg);
          k = sc.numKind;
          if (neg) v = k === K_FLOAT ? -v : 0 - v;
          q = sc.pos;
        }
        if (nv < vals.length && nt < tags.length && nv < maxElements) {
          tags[nt] = k;
          offs[nt++] = elemStart;
          vals[nv++] = v;
          if (k === K_FLOAT) nFloat++;
          else nInt++;
          lastKind = k;
        } else {
          this.ntags = nt;
          this.nvals = nv;
          this.pushScalar(k, v, elemStart);
          this.nInt += nInt;
          this.nFloat += nFloat;
          nInt = nFloat = 0;
          tags = this.tags;
          offs = this.offs;
          vals = this.vals;
          nt = this.ntags;
          nv = this.nvals;
          lastKind = this.lastKind;
        }
        p = q;
      } else if (c === 91 || c === 40) {
        p = this.openSequence(depth + fTag.length, fTag, fSign, fStart, p, 0, nt, nv);
        tags = this.tags;
        offs = this.offs;
        tags[nt] = 0;
        offs[nt++] = elemStart;
        fCount.push(count);
        fClose.push(close);
        count = 0;
        close = c === 91 ? 93 : 41;
        if (t.charCodeAt(p) !== close) continue;
        // an empty sequence: close it with count 0
        this.ntags = nt;
        this.nvals = nv;
        this.lastKind = lastKind;
        p = this.closeSequence(fTag, fSign, fStart, close, 0, p, false);
        count = fCount.pop() as number;
        close = fClose.pop() as number;
        nt = this.ntags;
      } else {
        // Signs before a bracket or a word, and words (True, None, float(...)): the rare paths.
        let neg = false;
        let op = 0;
        while (c === 45 || c === 43) {
          if (c === 45) neg = !neg;
          op = c;
          sc.pos = p + 1;
          sc.skipWs();
          p = sc.pos;
          c = t.charCodeAt(p);
        }
        this.ntags = nt;
        this.nvals = nv;
        this.lastKind = lastKind;
        if (c === 91 || c === 40) {
          p = this.openSequence(depth + fTag.length, fTag, fSign, fStart, p, op === 0 ? 0 : (op === 45 ? 2 : 1) + (neg ? 4 : 0), nt, nv);
          tags = this.tags;
          offs = this.offs;
          tags[nt] = 0;
          offs[nt++] = elemStart;
          fCount.push(count);
          fClose.push(close);
          count = 0;
          close = c === 91 ? 93 : 41;
          if (t.charCodeAt(p) !== close) continue;
          this.ntags = nt;
          p = this.closeSequence(fTag, fSign, fStart, close, 0, p, false);
          count = fCount.pop() as number;
          close = fClose.pop() as number;
        } else {
          sc.pos = p;
          if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(p + 1)))) {
            // The sign is part of the number: scanNumber already classified the signed integer.
            const v = sc.scanNumber(neg);
            const k = sc.numKind;
            this.pushScalar(k, neg ? (k === K_FLOAT ? -v : 0 - v) : v, elemStart);
          } else {
            this.scanWordScalar(elemStart);
            if (op !== 0) this.applySign(neg, op === 45 ? '-' : '+', elemStart);
          }
          p = sc.pos;
        }
        tags = this.tags;
        offs = this.offs;
        vals = this.vals;
        nt = this.ntags;
        nv = this.nvals;
        lastKind = this.lastKind;
      }
      // ---- after an element: separators and closing brackets ----
      for (;;) {
        if (close === 0) {
          sc.pos = p;
          this.ntags = nt;
          this.nvals = nv;
          this.nInt += nInt;
          this.nFloat += nFloat;
          this.lastKind = lastKind;
          return this.result(start, p);
        }
        c = t.charCodeAt(p);
        while (c === 32) c = t.charCodeAt(++p);
        if (c === 10 || c === 13 || c === 9 || c === 12 || c === 35 || c === 92) {
          sc.pos = p;
          sc.skipWs();
          p = sc.pos;
          c = t.charCodeAt(p);
        }
        let trailing = false;
        if (c === 44) {
          count++;
          c = t.charCodeAt(++p);
          while (c === 32) c = t.charCodeAt(++p);
          if (c === 10 || c === 13 || c === 9 || c === 12 || c === 35 || c === 92) {
            sc.pos = p;
            sc.skipWs();
            p = sc.pos;
            c = t.charCodeAt(p);
          }
          if (c !== close) break;
          trailing = true;
        } else if (c === close) {
          count++;
        } else {
          this.unexpectedAfterElement(p, close, fStart[fStart.length - 1]);
        }
        this.ntags = nt;
        this.nvals = nv;
        this.nInt += nInt;
        this.nFloat += nFloat;
        nInt = nFloat = 0;
        this.lastKind = lastKind;
        p = this.closeSequence(fTag, fSign, fStart, close, count, p, trailing);
        count = fCount.pop() as number;
        close = fClose.pop() as number;
        nt = this.ntags;
        nv = this.nvals;
        lastKind = this.lastKind;
      }
    }
  }

  /**
   * Registers a sequence opening at `p` (its bracket) whose tag goes at index `nt`, making room
   * for it; returns the position after the bracket and any whitespace.
   */
  private openSequence(
    depth: number,
    fTag: number[],
    fSign: number[],
    fStart: number[],
    p: number,
    sign: number,
    nt: number,
    nv: number,
  ): number {
    const sc = this.sc;
    if (depth + 1 > MAX_NESTING) sc.fail(`too many nested parentheses (Python allows ${MAX_NESTING})`, p);
    this.ntags = nt;
    this.nvals = nv;
    if (nt === this.tags.length) this.growTags();
    fTag.push(nt);
    fSign.push(sign);
    fStart.push(p);
    sc.pos = p + 1;
    sc.skipWs();
    return sc.pos;
  }

  /**
   * Closes the innermost open sequence, whose closing char is at `p`, with `count` elements;
   * returns the position after it.
   */
  private closeSequence(fTag: number[], fSign: number[], fStart: number[], close: number, count: number, p: number, trailingComma: boolean): number {
    const tagAt = fTag.pop() as number;
    const sign = fSign.pop() as number;
    fStart.pop();
    const isTuple = close === 41;
    const signOff = this.offs[tagAt];
    if (isTuple && count === 1 && !trailingComma) {
      // `(x)` is x itself: drop the sequence tag.
      this.tags.copyWithin(tagAt, tagAt + 1, this.ntags);
      this.offs.copyWithin(tagAt, tagAt + 1, this.ntags);
      this.ntags--;
      if (sign !== 0) {
        const op = (sign & 3) === 2 ? '-' : '+';
        const inner = this.tags[tagAt];
        if (inner >= 0) this.sc.fail(`bad operand type for unary ${op}: '${seqName(inner)}'`, signOff, 'TypeError');
        this.applySign((sign & 4) !== 0, op, signOff);
      }
      this.offs[tagAt] = signOff;
    } else {
      if (count > 0x3fffffff) this.sc.fail('sequence too long', p);
      this.tags[tagAt] = (count << 1) | (isTuple ? 1 : 0);
      if (count === 0) this.nEmpty++;
      if (sign !== 0) {
        this.sc.fail(`bad operand type for unary ${(sign & 3) === 2 ? '-' : '+'}: '${isTuple ? 'tuple' : 'list'}'`, signOff, 'TypeError');
      }
    }
    return p + 1;
  }

  private unexpectedAfterElement(p: number, close: number, openAt: number): never {
    const sc: Scanner = this.sc;
    const c = sc.text.charCodeAt(p);
    const closer = String.fromCharCode(close);
    if (p >= sc.len) sc.fail(`'${sc.text[openAt]}' was never closed`, openAt);
    if (c === 93 || c === 41 || c === 125) {
      sc.fail(`closing ${sc.describe(p)} does not match opening '${sc.text[openAt]}' at column ${sc.lineCol(openAt).column}`, p);
    }
    if ('+-*/%@&|^<>=!~'.includes(sc.text[p])) {
      sc.fail(`operator ${sc.describe(p)}: only literal values are supported, write the value itself`, p);
    }
    sc.fail(`expected ',' or '${closer}', found ${sc.describe(p)}`, p);
  }

  /** A scalar written as a word or punctuation: True, False, None, float(...), bare nan/inf in a repr. */
  private scanWordScalar(elemStart: number): void {
    const sc: Scanner = this.sc;
    const p = sc.pos;
    const c = sc.peek();
    if (c === 46 && sc.text.startsWith('...', p)) {
      sc.fail(
        "the data is incomplete: '...' marks a summarised repr (PyTorch prints only the edge items of tensors over 1000 elements); " +
          'print it with torch.set_printoptions(profile="full") and copy it again',
        p,
      );
    }
    if (c === 39 || c === 34) sc.fail('a string is not a number: tensor data must be numbers, True or False', p);
    if (!isNameStart(c)) {
      if (c === -1) sc.fail('unexpected end of input: expected a value', p);
      sc.fail(`expected a value, found ${sc.describe(p)}`, p);
    }
    const name = sc.scanDotted();
    switch (name) {
      case 'True':
      case 'False':
        this.pushScalar(K_BOOL, name === 'True' ? 1 : 0, elemStart);
        return;
      case 'None':
        this.pushScalar(K_NONE, 0, elemStart);
        return;
      case 'float':
        this.pushScalar(K_FLOAT, this.scanFloatCall(p), elemStart);
        return;
      case 'nan':
      case 'inf':
        if (this.reprMode) {
          this.pushScalar(K_FLOAT, name === 'nan' ? NaN : Infinity, elemStart);
          return;
        }
        sc.fail(`name '${name}' is not defined: write float('${name}')`, p);
        break;
      default:
        sc.fail(
          `name '${name}' is not supported in tensor data: only numbers, True, False and float('nan'/'inf'/'-inf') are read`,
          p,
        );
    }
  }

  /** The argument list of float(...) after the name: a string or a number. */
  private scanFloatCall(nameAt: number): number {
    const sc: Scanner = this.sc;
    sc.skipWs();
    if (sc.peek() !== 40) sc.fail(`'float' must be called, as in float('nan')`, nameAt);
    sc.pos++;
    sc.skipWs();
    const argAt = sc.pos;
    let c = sc.peek();
    let value: number;
    if (c === 39 || c === 34) {
      const s = sc.scanString();
      const v = pyFloatFromString(s);
      if (v === undefined) sc.fail(`could not convert string to float: ${pyStrRepr(s)}`, argAt, 'ValueError');
      value = v;
    } else {
      let neg = false;
      while (c === 45 || c === 43) {
        if (c === 45) neg = !neg;
        sc.pos++;
        sc.skipWs();
        c = sc.peek();
      }
      if (isDigit(c) || (c === 46 && isDigit(sc.text.charCodeAt(sc.pos + 1)))) {
        value = sc.scanNumber(neg);
        if (sc.numKind === K_INT_HUGE) sc.fail('int too large to convert to float (OverflowError)', argAt);
      } else if (sc.text.startsWith('True', sc.pos) || sc.text.startsWith('False', sc.pos)) {
        value = sc.scanName() === 'True' ? 1 : 0;
      } else {
        sc.fail(`float() argument must be a string or a real number, found ${sc.describe()}`, sc.pos);
      }
      if (neg) value = -value;
    }
    sc.skipWs();
    if (sc.peek() === 44) {
      sc.pos++;
      sc.skipWs();
    }
    if (sc.peek() !== 41) sc.fail(`expected ')' to close float(, found ${sc.describe()}`);
    sc.pos++;
    return value;
  }

  private result(start: number, end: number): Data {
    // Small data (arguments such as a fill value) is made exact at once: only the conversions
    // of whole tensors know their dtype and take the cheap route.
    if (this.nvals <= 64) resolveApprox(this.sc, this, false);
    return {
      tags: this.tags,
      offs: this.offs,
      ntags: this.ntags,
      vals: this.vals,
      nvals: this.nvals,
      nFloat: this.nFloat,
      nInt: this.nInt,
      nBool: this.nBool,
      nNone: this.nNone,
      nEmpty: this.nEmpty,
      approx: this.approx,
      start,
      end,
    };
  }
}
