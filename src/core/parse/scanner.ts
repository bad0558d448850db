/** The data scanner: nested lists, tuples and scalars read once into a tag stream and a value array. */
import { K_BOOL, K_FLOAT, K_INT, K_NONE, POW10, Scanner, isDigit, negatedIntKind } from '../lexer';
import { resolveApprox } from './convert';
import { MAX_NESTING } from './limits';
import { scanWordScalar, unexpectedAfterElement } from './scalars';
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
  /** The kind and end of the number plainNumber read (fields, not a returned object: it runs once per number). */
  private numKind = K_INT;
  private numEnd = 0;

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
   * double the cost) and hands them back to `this` (flush) around the rare calls that use them.
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
    let { tags, offs, vals, ntags: nt, nvals: nv, lastKind } = this;
    let nInt = 0;
    let nFloat = 0;
    let p = sc.pos;
    for (;;) {
      // ---- one element ----
      let c = t.charCodeAt(p);
      while (c === 32) c = t.charCodeAt(++p);
      if (c === 10 || c === 13 || c === 9 || c === 12 || c === 35 || c === 92) c = t.charCodeAt((p = this.skipWs(p)));
      const elemStart = p;
      const c1 = t.charCodeAt(p + 1);
      if (((c >= 48 && c <= 57) || (c === 45 && c1 >= 48 && c1 <= 57)) && nv < vals.length && nt < tags.length && nv < maxElements) {
        const v = this.plainNumber(p, nv);
        const k = this.numKind;
        p = this.numEnd;
        tags[nt] = k;
        offs[nt++] = elemStart;
        vals[nv++] = v;
        if (k === K_FLOAT) nFloat++;
        else nInt++;
        lastKind = k;
      } else {
        // A bracket, or the rare paths: signs, words (True, None, float(...)), and a number when
        // the buffers are full or at maxElements (pushScalar grows them or refuses it).
        this.flush(nt, nv, nInt, nFloat, lastKind);
        nInt = nFloat = 0;
        const open = fTag.length;
        p = c === 91 || c === 40 ? this.bracket(depth + open, fTag, fSign, fStart, p, 0, p) : this.signedOrWord(depth + open, fTag, fSign, fStart, p);
        ({ tags, offs, vals, ntags: nt, nvals: nv, lastKind } = this);
        if (fTag.length > open) {
          fCount.push(count);
          fClose.push(close);
          count = 0;
          close = t.charCodeAt(fStart[open]) === 91 ? 93 : 41;
          continue; // its first element
        }
      }
      // ---- after an element: separators and closing brackets ----
      for (;;) {
        if (close === 0) {
          this.flush(nt, nv, nInt, nFloat, lastKind);
          sc.pos = p;
          return this.result(start, p);
        }
        c = t.charCodeAt(p);
        while (c === 32) c = t.charCodeAt(++p);
        if (c === 10 || c === 13 || c === 9 || c === 12 || c === 35 || c === 92) c = t.charCodeAt((p = this.skipWs(p)));
        let trailing = false;
        if (c === 44) {
          count++;
          c = t.charCodeAt(++p);
          while (c === 32) c = t.charCodeAt(++p);
          if (c === 10 || c === 13 || c === 9 || c === 12 || c === 35 || c === 92) c = t.charCodeAt((p = this.skipWs(p)));
          if (c !== close) break;
          trailing = true;
        } else if (c === close) {
          count++;
        } else {
          unexpectedAfterElement(sc, p, close, fStart[fStart.length - 1]);
        }
        this.flush(nt, nv, nInt, nFloat, lastKind);
        nInt = nFloat = 0;
        p = this.closeSequence(fTag, fSign, fStart, close, count, p, trailing);
        count = fCount.pop() as number;
        close = fClose.pop() as number;
        ({ ntags: nt, nvals: nv, lastKind } = this);
      }
    }
  }

  /** Hands scanElement's local copies of the counters back to the fields. */
  private flush(nt: number, nv: number, nInt: number, nFloat: number, lastKind: number): void {
    this.ntags = nt;
    this.nvals = nv;
    this.nInt += nInt;
    this.nFloat += nFloat;
    this.lastKind = lastKind;
  }

  /** The position after whitespace, comments and line continuations from p (the scanner's rules; spaces alone are skipped inline). */
  private skipWs(p: number): number {
    this.sc.pos = p;
    this.sc.skipWs();
    return this.sc.pos;
  }

  /**
   * A decimal number at p, optionally negative: returns its value, with its kind in numKind and
   * the position after it in numEnd. `nv` is the index its value gets.
   */
  private plainNumber(p: number, nv: number): number {
    // While its digits form an integer below 2^53 (exact) and there is no exponent, one division
    // by an exact power of ten is correctly rounded; anything else goes to the full scanner.
    const t = this.sc.text;
    const neg = t.charCodeAt(p) === 45;
    let q = neg ? p + 1 : p;
    const digitsAt = q;
    let m = 0;
    let scale = 0;
    let isFloat = false;
    let c = t.charCodeAt(q);
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
    const leadingZero = !isFloat && t.charCodeAt(digitsAt) === 48 && q - digitsAt > 1;
    const nameChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
    if (m < 9007199254740992 && scale >= -22 && !leadingZero && !nameChar) {
      const v = scale === 0 ? m : m / POW10[-scale];
      this.numKind = isFloat ? K_FLOAT : K_INT;
      this.numEnd = q;
      return neg ? (isFloat ? -v : 0 - v) : v;
    }
    return this.otherNumber(p, q, m, scale, isFloat && !nameChar, nv);
  }

  /**
   * plainNumber's other cases, kept apart so that V8 inlines its fast path into scanElement:
   * 17 to 19 digits after a point, or anything the full scanner reads. `q`: where plainNumber
   * stopped; `approximable`: a float with no letter after it.
   */
  private otherNumber(p: number, q: number, m: number, scale: number, approximable: boolean, nv: number): number {
    const sc = this.sc;
    const neg = sc.text.charCodeAt(p) === 45;
    if (approximable && m < 1e19 && scale >= -22) {
      // print(x.tolist()) of float32 data writes 17 digits: within a few units in the last place;
      // `resolveApprox` makes it exact once the dtype is known.
      const v = scale === 0 ? m : m / POW10[-scale];
      this.numKind = K_FLOAT;
      this.numEnd = q;
      this.approx.push(nv, p);
      return neg ? -v : v;
    }
    sc.pos = neg ? p + 1 : p;
    const v = sc.scanNumber(neg);
    const k = sc.numKind;
    this.numKind = k;
    this.numEnd = sc.pos;
    return neg ? (k === K_FLOAT ? -v : 0 - v) : v;
  }

  /**
   * A bracket at p opening a sequence written from `at` (its signs, `sign` as in fSign); an
   * empty one is closed at once.
   * Returns the position after the bracket and any whitespace, or after the empty sequence.
   */
  private bracket(depth: number, fTag: number[], fSign: number[], fStart: number[], p: number, sign: number, at: number): number {
    const close = this.sc.text.charCodeAt(p) === 91 ? 93 : 41;
    const nt = this.ntags;
    p = this.openSequence(depth, fTag, fSign, fStart, p, sign);
    this.tags[nt] = 0;
    this.offs[nt] = at;
    this.ntags = nt + 1;
    if (this.sc.text.charCodeAt(p) !== close) return p;
    return this.closeSequence(fTag, fSign, fStart, close, 0, p, false);
  }

  /** Signs before a bracket or a scalar, or a word scalar at p; returns the position after what it read. */
  private signedOrWord(depth: number, fTag: number[], fSign: number[], fStart: number[], p: number): number {
    const sc: Scanner = this.sc;
    const t = sc.text;
    const elemStart = p;
    let c = t.charCodeAt(p);
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
    if (c === 91 || c === 40) {
      return this.bracket(depth, fTag, fSign, fStart, p, op === 0 ? 0 : (op === 45 ? 2 : 1) + (neg ? 4 : 0), elemStart);
    }
    sc.pos = p;
    if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(p + 1)))) {
      // The sign is part of the number: scanNumber already classified the signed integer.
      const v = sc.scanNumber(neg);
      const k = sc.numKind;
      this.pushScalar(k, neg ? (k === K_FLOAT ? -v : 0 - v) : v, elemStart);
    } else {
      const s = scanWordScalar(sc, this.reprMode);
      this.pushScalar(s.kind, s.value, elemStart);
      if (op !== 0) this.applySign(neg, op === 45 ? '-' : '+', elemStart);
    }
    return sc.pos;
  }

  /**
   * Registers a sequence opening at `p` (its bracket) whose tag goes at index ntags, making room
   * for it; returns the position after the bracket and any whitespace.
   */
  private openSequence(depth: number, fTag: number[], fSign: number[], fStart: number[], p: number, sign: number): number {
    const sc = this.sc;
    if (depth + 1 > MAX_NESTING) sc.fail(`too many nested parentheses (Python allows ${MAX_NESTING})`, p);
    const nt = this.ntags;
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

  private result(start: number, end: number): Data {
    // Small data (arguments such as a fill value) is made exact at once: only the conversions
    // of whole tensors know their dtype and take the cheap route.
    if (this.nvals <= 64) resolveApprox(this.sc, this, false);
    const { tags, offs, ntags, vals, nvals, nFloat, nInt, nBool, nNone, nEmpty, approx } = this;
    return { tags, offs, ntags, vals, nvals, nFloat, nInt, nBool, nNone, nEmpty, approx, start, end };
  }
}
