/**
 * Reads the tensor literal a user selected (PyTorch, NumPy, a bare Python list, or a repr copied
 * from a console) into a Tensor, with PyTorch's own dtype rules, values and error messages.
 *
 * Forms: torch.tensor(data, dtype=, device='cpu', requires_grad=), torch.as_tensor(data, dtype=),
 * torch.from_numpy(np.array(...)), torch.Tensor/FloatTensor/DoubleTensor/LongTensor/BoolTensor(data),
 * np.array/numpy.array(data, dtype=) (as torch.as_tensor sees it: NumPy's dtypes and shape rules;
 * also inside the torch calls), a bare list, tuple or number (as torch.tensor(...)), a printed
 * repr `tensor([...], dtype=..., size=..., requires_grad=True, grad_fn=<...>)`, and
 * torch.ones/zeros/full/arange/linspace/eye with literal arguments; then any chain of
 * .reshape/.view (with -1), .float/.double/.long/.bool (on NumPy arrays .reshape/.astype);
 * optionally after `name =` or `name: Type =`.
 *
 * Design:
 * - Nested data is scanned once, iteratively (an explicit stack, so no depth can overflow the JS
 *   stack), into a preorder tag stream plus a flat Float64Array of values. For a well-formed
 *   literal that value array already is the row-major data; PyTorch's and NumPy's shape rules
 *   then run as loops over the tags and report the first problem in PyTorch's order.
 * - Bracket nesting deeper than Python's own limit (200) is Python's SyntaxError; the one
 *   recursion (a call inside a call's arguments) counts its parentheses towards that limit.
 * - Input size is bounded up front (maxChars) and while scanning (maxElements), so memory stays
 *   proportional to the limits, not to what is pasted; constructors check maxElements before
 *   allocating, a method chain converts the data once however many casts it has (casts.ts), and
 *   names and messages quoting the input are clipped. Every step is linear in the text.
 * - Names are not guessed: `torch` and `np`/`numpy` are the only modules known (no `th`, no
 *   `math.inf`, no `np.nan`); anything else is an error pointing at it.
 * - Float `torch.arange`/`torch.linspace` are reproduced only when every value is exact in the
 *   dtype (then every way PyTorch's kernels can round gives the same bits); otherwise the literal
 *   is refused rather than approximated.
 */
import { LiteralError } from '../errors';
import { CastChain } from '../casts';
import { checkAnnotation, checkStatement, checkTarget } from '../statement';
import { DType, Tensor, TensorData, makeTensor } from '../tensor';
import { pyFloatRepr, pyStrRepr } from '../pyformat';
import {
  K_BOOL,
  K_FLOAT,
  K_INT,
  K_INT_BEYOND_INT64,
  K_INT_HUGE,
  K_INT_INEXACT,
  K_NONE,
  POW10,
  Scanner,
  TWO_63,
  isDigit,
  isNameStart,
  negatedIntKind,
  pyFloatFromString,
} from '../lexer';

export interface ParseOptions {
  /** Longest text accepted, in UTF-16 code units. Default DEFAULT_MAX_CHARS. */
  maxChars?: number;
  /** Most elements a literal may hold or a constructor may create. Default DEFAULT_MAX_ELEMENTS. */
  maxElements?: number;
}

/** 32 Mi characters: a million numbers at full double precision, far beyond what a selection shows usefully. */
export const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;
/** 4 Mi elements (32 MB as float64 while parsing). */
export const DEFAULT_MAX_ELEMENTS = 4 * 1024 * 1024;
/** CPython's tokenizer limit: one more open bracket is "SyntaxError: too many nested parentheses". */
export const MAX_NESTING = 200;
const MAX_ARGS = 256;
/** PyTorch's limit on the dimensions of a nested sequence ("too many dimensions 'list'"). */
export const TORCH_MAX_DIMS = 128;
/** NumPy's NPY_MAXDIMS (1.x). */
const NUMPY_MAX_DIMS = 32;

export type LiteralForm =
  | 'torch.tensor'
  | 'torch.as_tensor'
  | 'torch.from_numpy'
  | 'torch.Tensor'
  | 'torch.FloatTensor'
  | 'torch.DoubleTensor'
  | 'torch.LongTensor'
  | 'torch.BoolTensor'
  | 'np.array'
  | 'numpy.array'
  | 'torch.ones'
  | 'torch.zeros'
  | 'torch.full'
  | 'torch.arange'
  | 'torch.linspace'
  | 'torch.eye'
  | 'repr'
  | 'list'
  | 'tuple'
  | 'scalar';

export interface ParsedLiteral {
  tensor: Tensor;
  /** How the literal was written (the constructor, `repr` for a printed tensor, or a bare list/tuple/number). */
  form: LiteralForm;
  /** Method calls applied after it, in order (`reshape`, `view`, `float`, `double`, `long`, `bool`, `astype`). */
  methods: string[];
  /** Source range [start, end) of the literal expression in the text (an `x = ` before it excluded). */
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Data scanning

/**
 * Nested data in preorder: tags[i] < 0 is a scalar of kind tags[i] (K_*) whose value is the
 * next entry of vals; tags[i] >= 0 is a sequence, (count << 1) | (1 if tuple).
 */
interface Data {
  tags: Int32Array;
  offs: Int32Array;
  ntags: number;
  vals: Float64Array;
  nvals: number;
  nFloat: number;
  nInt: number;
  nBool: number;
  nNone: number;
  /** Empty sequences: PyTorch infers the default dtype (float32) for each. */
  nEmpty: number;
  /** Pairs (value index, text offset) of floats read approximately; see resolveApprox. */
  approx: number[];
  start: number;
  end: number;
}

const SEQ_NAMES = ['list', 'tuple'];

function seqName(tag: number): string {
  return SEQ_NAMES[tag & 1];
}

function kindName(tag: number): string {
  if (tag >= 0) return seqName(tag);
  if (tag === K_FLOAT) return 'float';
  if (tag === K_BOOL) return 'bool';
  if (tag === K_NONE) return 'NoneType';
  return 'int';
}

function isIntKind(k: number): boolean {
  return k === K_INT || k === K_INT_INEXACT || k === K_INT_BEYOND_INT64 || k === K_INT_HUGE;
}

class DataScanner {
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

// ---------------------------------------------------------------------------------------------
// PyTorch's and NumPy's rules over scanned data

/**
 * Makes the approximately read floats exact. Each is within 8 units in the last place of the
 * correctly rounded double (a few roundings while accumulating up to 19 digits, one division).
 * For a float32 result only float32 rounding matters: when everything within twice that
 * distance rounds to the same float32, so does the exact double. Otherwise the number is read
 * again with the full scanner (Number() of its digits, correctly rounded).
 */
function resolveApprox(sc: Scanner, d: { vals: Float64Array; approx: number[] }, float32Target: boolean): void {
  const { vals, approx } = d;
  if (approx.length === 0) return;
  const save = sc.pos;
  for (let i = 0; i < approx.length; i += 2) {
    const v = vals[approx[i]];
    const margin = Math.abs(v) * 4e-15;
    if (float32Target && Math.fround(v - margin) === Math.fround(v + margin)) continue;
    let at = approx[i + 1];
    const neg = sc.text.charCodeAt(at) === 45;
    if (neg) at++;
    sc.pos = at;
    const exact = sc.scanNumber(neg);
    vals[approx[i]] = neg ? -exact : exact;
  }
  approx.length = 0;
  sc.pos = save;
}

interface Built {
  shape: number[];
  dtype: DType;
  data: TensorData;
}

function allocData(dtype: DType, n: number): TensorData {
  return dtype === 'float32' ? new Float32Array(n) : dtype === 'bool' ? new Uint8Array(n) : new Float64Array(n);
}

function firstTagOf(d: Data, kind: number): number {
  for (let i = 0; i < d.ntags; i++) if (d.tags[i] === kind) return i;
  return 0;
}

/** The message PyTorch gives when a sequence sits where a scalar of `dtype` is stored. */
function torchStoreTypeError(dtype: DType, what: string): string {
  return dtype === 'float32' || dtype === 'float64' ? `must be real number, not ${what}` : `'${what}' object cannot be interpreted as an integer`;
}

const INT64_EXACT_NOTE = 'Dropout Lens keeps int64 values as doubles, exact up to 2^53';

/**
 * `torch.tensor(data, dtype=...)` and the fixed-type constructors (torch.Tensor, ..., which pass
 * their dtype and so skip inference): PyTorch's internal_new_from_data, in its order — infer the
 * scalar type over everything, take the sizes from the first elements, then store element by
 * element.
 */
function torchFromData(sc: Scanner, d: Data, dtype: DType | null): Built {
  const { tags, offs } = d;
  if (dtype === null) {
    if (d.nNone > 0) sc.fail('Could not infer dtype of NoneType', offs[firstTagOf(d, K_NONE)], 'RuntimeError');
    dtype = d.nFloat > 0 || d.nEmpty > 0 ? 'float32' : d.nInt > 0 ? 'int64' : d.nBool > 0 ? 'bool' : 'float32';
  }
  resolveApprox(sc, d, dtype === 'float32');
  const sizes: number[] = [];
  for (let k = 0; tags[k] >= 0; k++) {
    const n = tags[k] >> 1;
    sizes.push(n);
    if (sizes.length > TORCH_MAX_DIMS) sc.fail(`too many dimensions '${seqName(tags[k])}'`, offs[k], 'ValueError');
    if (n === 0) break;
  }
  const ndim = sizes.length;
  let numel = 1;
  for (const s of sizes) numel *= s;
  // PyTorch stores nothing into an empty tensor, so nothing below the first empty list is checked.
  if (numel === 0) return { shape: sizes, dtype, data: allocData(dtype, 0) };
  const rem = new Int32Array(ndim + 1);
  const isInt = dtype === 'int64';
  const isFloat = dtype === 'float32' || dtype === 'float64';
  let dim = 0;
  let vi = 0;
  const vals = d.vals;
  for (let k = 0; k < d.ntags; k++) {
    const tag = tags[k];
    if (dim < ndim) {
      if (tag < 0) sc.fail('not a sequence', offs[k], 'TypeError');
      const n = tag >> 1;
      if (n !== sizes[dim]) sc.fail(`expected sequence of length ${sizes[dim]} at dim ${dim} (got ${n})`, offs[k], 'ValueError');
      rem[dim++] = n;
      continue;
    }
    if (tag >= 0) sc.fail(torchStoreTypeError(dtype, seqName(tag)), offs[k], 'TypeError');
    if (tag !== K_INT && tag !== K_BOOL) {
      const v = vals[vi];
      if (tag === K_NONE) sc.fail(torchStoreTypeError(dtype, 'NoneType'), offs[k], 'TypeError');
      if (isFloat) {
        if (tag === K_INT_HUGE) sc.fail('int too large to convert to float (OverflowError)', offs[k]);
      } else if (isInt) {
        if (tag === K_FLOAT) {
          if (!(v > -TWO_63 - 1 && v < TWO_63)) sc.fail('value cannot be converted to type int64 without overflow', offs[k], 'RuntimeError');
        } else if (tag === K_INT_BEYOND_INT64 || tag === K_INT_HUGE) {
          sc.fail('Overflow when unpacking long', offs[k], 'RuntimeError');
        } else if (tag === K_INT_INEXACT) {
          sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, offs[k]);
        }
      }
    }
    vi++;
    let e = dim;
    while (e > 0 && --rem[e - 1] === 0) e--;
    dim = e;
  }
  return { shape: sizes, dtype, data: convertValues(vals, numel, dtype, d.nFloat === 0) };
}

/**
 * Row-major values (doubles) to the dtype's array, as PyTorch's casts do it. `integral`: no
 * float was written, so int64 needs no truncation.
 */
function convertValues(vals: Float64Array, n: number, dtype: DType, integral: boolean): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(vals.subarray(0, n));
    case 'float64':
      return vals.slice(0, n);
    case 'int64': {
      if (integral) return vals.slice(0, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.trunc(vals[i]) + 0;
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = vals[i] !== 0 ? 1 : 0;
      return out;
    }
  }
}

function pyTupleRepr(dims: readonly number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/**
 * `np.array(data, dtype=...)` as `torch.as_tensor` sees it: NumPy's shape discovery (ported
 * from array_coercion.c, including its ragged-array messages), NumPy's dtype rules.
 */
function numpyFromData(sc: Scanner, d: Data, dtype: DType | null): Built {
  const { tags, offs } = d;
  let maxDims = NUMPY_MAX_DIMS;
  const shape = new Array<number>(NUMPY_MAX_DIMS).fill(0);
  let reached = false;
  let ragged = false;
  const updateShape = (curr: number, newNdim: number, newDim: number, sequence: boolean): boolean => {
    let ok = true;
    const wasReached = reached;
    if (curr + newNdim > maxDims) {
      ok = false;
      newNdim = maxDims - curr;
    } else if (!sequence && maxDims !== curr + newNdim) {
      maxDims = curr + newNdim;
      if (wasReached) ok = false;
    }
    for (let i = 0; i < newNdim; i++) {
      if (!wasReached) {
        shape[curr + i] = newDim;
      } else if (newDim !== shape[curr + i]) {
        ok = false;
        if (!sequence) maxDims -= newNdim - i;
        else maxDims = curr;
        break;
      }
    }
    if (!sequence) reached = true;
    return ok;
  };
  // Preorder walk; nodes below `skipFrom` are not visited by NumPy (it returned early there).
  const rem: number[] = [];
  let skipFrom = Infinity;
  for (let k = 0; k < d.ntags; k++) {
    const curr = rem.length;
    const tag = tags[k];
    if (curr <= skipFrom) {
      skipFrom = Infinity;
      if (tag < 0 || curr === maxDims) {
        if (!updateShape(curr, 0, 0, false)) ragged = true;
        if (tag >= 0) {
          ragged = true;
          skipFrom = curr;
        }
      } else {
        const size = tag >> 1;
        if (!updateShape(curr, 1, size, true)) {
          ragged = true;
          skipFrom = curr;
        } else if (size === 0) {
          reached = true;
          maxDims = curr + 1;
        }
      }
    }
    if (tag >= 0 && tag >> 1 > 0) {
      rem.push(tag >> 1);
      continue;
    }
    while (rem.length > 0 && --rem[rem.length - 1] === 0) rem.pop();
  }
  if (ragged) {
    const msg =
      maxDims === NUMPY_MAX_DIMS
        ? `setting an array element with a sequence. The requested array would exceed the maximum number of dimension of ${NUMPY_MAX_DIMS}.`
        : `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${maxDims} dimensions. ` +
          `The detected shape was ${pyTupleRepr(shape.slice(0, maxDims))} + inhomogeneous part.`;
    sc.fail(msg, d.start, 'ValueError');
  }
  const dims = shape.slice(0, maxDims);
  const objectMsg =
    "can't convert np.ndarray of type numpy.object_. The only supported types are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool.";
  if (dtype === null) {
    if (d.nNone > 0) sc.fail(objectMsg, offs[firstTagOf(d, K_NONE)], 'TypeError');
    dtype = d.nFloat > 0 ? 'float64' : d.nInt > 0 ? 'int64' : d.nBool > 0 ? 'bool' : 'float64';
  }
  resolveApprox(sc, d, dtype === 'float32');
  let n = 1;
  for (const s of dims) n *= s;
  let vi = 0;
  for (let k = 0; k < d.ntags; k++) {
    const tag = tags[k];
    if (tag >= 0) continue;
    const v = d.vals[vi++];
    if (tag === K_NONE) sc.fail(`None is not a number (NumPy would make an object array)`, offs[k]);
    if (tag === K_INT_HUGE && dtype !== 'bool') sc.fail('int too large to convert to float (OverflowError)', offs[k]);
    if (dtype === 'int64') {
      if (tag === K_FLOAT && !(v > -TWO_63 - 1 && v < TWO_63)) {
        sc.fail(`NumPy turns ${pyFloatRepr(v)} into an arbitrary integer (the cast is undefined), so there is no value to show`, offs[k]);
      }
      if (tag === K_INT_BEYOND_INT64) {
        sc.fail('an integer outside int64 makes NumPy choose a uint64, object or float64 array; not supported', offs[k]);
      }
      if (tag === K_INT_INEXACT) sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, offs[k]);
    } else if (dtype === 'float32' && (tag === K_INT_INEXACT || tag === K_INT_BEYOND_INT64)) {
      // NumPy rounds such an integer to float32 once, PyTorch via float64; refuse rather than pick one.
      sc.fail('an integer beyond 2^53 in a float32 NumPy array is not supported', offs[k]);
    }
  }
  return { shape: dims, dtype, data: convertValues(d.vals, n, dtype, d.nFloat === 0) };
}

// ---------------------------------------------------------------------------------------------
// The expression around the data: calls, keyword arguments, dtypes, methods

type ArgValue =
  | { kind: 'data'; data: Data; start: number; end: number }
  | { kind: 'name'; name: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'gradfn'; name: string; start: number; end: number }
  | { kind: 'array'; built: Built; start: number; end: number };

interface Arg {
  key?: string;
  value: ArgValue;
}

interface Call {
  name: string;
  start: number;
  args: Arg[];
  end: number;
}

const TORCH_DTYPES: Record<string, DType> = {
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  int64: 'int64',
  long: 'int64',
  bool: 'bool',
};
const TORCH_OTHER_DTYPES = new Set([
  'float16',
  'half',
  'bfloat16',
  'int32',
  'int',
  'int16',
  'short',
  'int8',
  'uint8',
  'complex64',
  'cfloat',
  'complex128',
  'cdouble',
  'complex32',
  'chalf',
  'qint8',
  'quint8',
  'qint32',
]);
const NUMPY_DTYPES: Record<string, DType> = {
  float32: 'float32',
  single: 'float32',
  float64: 'float64',
  double: 'float64',
  float_: 'float64',
  int64: 'int64',
  int_: 'int64',
  bool_: 'bool',
};
const NUMPY_DTYPE_STRINGS: Record<string, DType> = {
  float32: 'float32',
  f4: 'float32',
  float64: 'float64',
  f8: 'float64',
  float: 'float64',
  double: 'float64',
  int64: 'int64',
  i8: 'int64',
  int: 'int64',
  bool: 'bool',
};
const SUPPORTED_NOTE = 'Dropout Lens handles float32, float64, int64 and bool';

const LEGACY: Record<string, DType> = {
  'torch.Tensor': 'float32',
  'torch.FloatTensor': 'float32',
  'torch.DoubleTensor': 'float64',
  'torch.LongTensor': 'int64',
  'torch.BoolTensor': 'bool',
};

const CONSTRUCTORS = new Set(['torch.ones', 'torch.zeros', 'torch.full', 'torch.arange', 'torch.linspace', 'torch.eye']);
const TENSOR_CALLS = new Set(['tensor', 'torch.tensor', 'torch.as_tensor', 'torch.from_numpy', 'np.array', 'numpy.array']);

interface Value {
  tensor: Built;
  requiresGrad: boolean;
  gradFn?: string;
  numpy: boolean;
}

class LiteralParser {
  readonly sc: Scanner;
  readonly maxElements: number;
  /** Whether the first data of the literal, the one sized for the whole text, has been read. */
  private mainRead = false;

  constructor(text: string, opts: ParseOptions) {
    this.sc = new Scanner(text);
    this.maxElements = opts.maxElements ?? DEFAULT_MAX_ELEMENTS;
  }

  parse(): ParsedLiteral {
    const sc: Scanner = this.sc;
    sc.skipWs();
    this.skipAssignment();
    const start = sc.pos;
    if (sc.pos >= sc.len) sc.fail('nothing to read: expected a tensor literal such as torch.tensor([1., 2.])');
    let value: Value;
    let form: LiteralForm;
    const c = sc.peek();
    const word = isNameStart(c) ? this.peekDotted() : '';
    if (word && !['True', 'False', 'None', 'float'].includes(word)) {
      const call = this.parseCall();
      ({ value, form } = this.evalCall(call));
    } else {
      const data = new DataScanner(sc, this.maxElements, false, true).scanElement(0);
      this.mainRead = true;
      const built = torchFromData(sc, data, null);
      value = { tensor: built, requiresGrad: false, numpy: false };
      form = data.tags[0] < 0 ? 'scalar' : data.tags[0] & 1 ? 'tuple' : 'list';
    }
    let end = sc.pos;
    const methods: string[] = [];
    // Casts convert the data once, at the end: a long chain on a big tensor costs one pass.
    const casts = new CastChain((t, to, at) => castBuilt(sc, t, to, at));
    for (;;) {
      sc.skipWs();
      if (sc.peek() !== 46) break;
      sc.pos++;
      sc.skipWs();
      const at = sc.pos;
      const name = sc.scanName();
      if (!name) sc.fail(`expected a method name after '.', found ${sc.describe()}`);
      sc.skipWs();
      if (sc.peek() !== 40) sc.fail(`'.${name}' is not supported: only the methods reshape, view, float, double, long and bool are`, at);
      const args = this.parseArgs(1, false);
      try {
        value = this.applyMethod(value, name, at, args, casts);
      } catch (e) {
        // An earlier cast's refusal comes first: Python evaluates the chain left to right.
        casts.resolve(value.tensor);
        throw e;
      }
      methods.push(name);
      end = sc.pos;
    }
    // Syntax comes before evaluation in Python: trailing text is refused before any cast's values.
    if (sc.pos < sc.len) sc.fail(`unexpected ${sc.describe()} after the literal`);
    const b = casts.resolve(value.tensor);
    const tensor = makeTensor({ shape: b.shape, dtype: b.dtype, data: b.data, requiresGrad: value.requiresGrad, gradFn: value.gradFn });
    return { tensor, form, methods, start, end };
  }

  /** `x = ...` or `x: torch.Tensor = ...` before the literal: the selection of an assignment statement. */
  private skipAssignment(): void {
    const sc: Scanner = this.sc;
    const save = sc.pos;
    const name = sc.scanName();
    if (name) {
      sc.skipWs();
      const c = sc.peek();
      if (c === 58 || (c === 61 && sc.text.charCodeAt(sc.pos + 1) !== 61)) checkTarget(sc.text, name, save, sc.pos);
    }
    if (name && !['True', 'False', 'None'].includes(name)) {
      if (sc.peek() === 58 && isNameStart(sc.text.charCodeAt(sc.pos + 1) === 32 ? sc.text.charCodeAt(sc.pos + 2) : sc.text.charCodeAt(sc.pos + 1))) {
        // an annotation: a dotted name (np.ndarray, torch.Tensor)
        sc.pos++;
        sc.skipWs();
        const annotation = sc.pos;
        sc.scanDotted();
        checkAnnotation(sc.text, annotation, sc.pos);
        sc.skipWs();
      }
      if (sc.peek() === 61 && sc.text.charCodeAt(sc.pos + 1) !== 61) {
        sc.pos++;
        sc.skipWs();
        return;
      }
    }
    sc.pos = save;
  }

  private peekDotted(): string {
    const save = this.sc.pos;
    const name = this.sc.scanDotted();
    this.sc.pos = save;
    return name;
  }

  private parseCall(): Call {
    const sc: Scanner = this.sc;
    const start = sc.pos;
    const name = sc.scanDotted();
    sc.skipWs();
    if (sc.peek() !== 40) {
      if (name === 'nan' || name === 'inf') sc.fail(`name '${name}' is not defined: write float('${name}')`, start);
      sc.fail(`expected a tensor literal, found the name '${name}'${this.knownNote(name)}`, start);
    }
    if (!TENSOR_CALLS.has(name) && !(name in LEGACY) && !CONSTRUCTORS.has(name)) {
      sc.fail(`${name}(...) is not supported${this.knownNote(name)}`, start);
    }
    const args = this.parseArgs(1, name === 'tensor');
    return { name, start, args, end: sc.pos };
  }

  private knownNote(name: string): string {
    const root = name.split('.')[0];
    if (root !== 'torch' && root !== 'np' && root !== 'numpy' && root !== 'tensor') {
      return ` (the names known are torch, np and numpy; '${root}' is not assumed to be either)`;
    }
    return ': supported are torch.tensor, torch.as_tensor, torch.from_numpy, torch.Tensor, torch.FloatTensor/DoubleTensor/LongTensor/BoolTensor, np.array, torch.ones/zeros/full/arange/linspace/eye and a printed tensor(...)';
  }

  /** `( arg, key=arg, ... )` at pos. `depth` brackets are open around the call's parenthesis. */
  private parseArgs(depth: number, reprMode: boolean): Arg[] {
    const sc: Scanner = this.sc;
    const open = sc.pos;
    // The one recursion of the parser (np.array inside a torch call) stops where Python does.
    if (depth > MAX_NESTING) sc.fail(`too many nested parentheses (Python allows ${MAX_NESTING})`, open);
    sc.pos++;
    const args: Arg[] = [];
    for (;;) {
      sc.skipWs();
      if (sc.peek() === 41) break;
      let key: string | undefined;
      if (isNameStart(sc.peek())) {
        const save = sc.pos;
        const name = sc.scanName();
        sc.skipWs();
        if (sc.peek() === 61 && sc.text.charCodeAt(sc.pos + 1) !== 61) {
          key = name;
          if (args.some((a) => a.key === name)) sc.fail(`keyword argument repeated: ${name}`, save);
          sc.pos++;
          sc.skipWs();
        } else {
          sc.pos = save;
        }
      }
      if (key === undefined && args.some((a) => a.key !== undefined)) sc.fail('positional argument follows keyword argument');
      // No signature here takes more; a pasted run of arguments must not become millions of objects.
      if (args.length >= MAX_ARGS) sc.fail(`more than ${MAX_ARGS} arguments in one call`);
      args.push({ key, value: this.parseArgValue(depth, reprMode) });
      sc.skipWs();
      const c = sc.peek();
      if (c === 44) {
        sc.pos++;
        continue;
      }
      if (c === 41) break;
      if (c === -1) sc.fail(`'(' was never closed`, open);
      if ('+-*/%@&|^<>=!~'.includes(sc.text[sc.pos])) {
        sc.fail(`operator ${sc.describe()}: only literal values are supported, write the value itself`);
      }
      sc.fail(`expected ',' or ')', found ${sc.describe()}`);
    }
    sc.pos++;
    return args;
  }

  private parseArgValue(depth: number, reprMode: boolean): ArgValue {
    const sc: Scanner = this.sc;
    const start = sc.pos;
    const c = sc.peek();
    if (c === 39 || c === 34) {
      const value = sc.scanString();
      return { kind: 'string', value, start, end: sc.pos };
    }
    if (c === 60 && reprMode) {
      sc.pos++;
      sc.skipWs();
      const name = sc.scanDotted();
      sc.skipWs();
      if (!name || sc.peek() !== 62) sc.fail('expected grad_fn=<Name>', start);
      sc.pos++;
      return { kind: 'gradfn', name, start, end: sc.pos };
    }
    if (isNameStart(c)) {
      const name = sc.scanDotted();
      const end = sc.pos;
      sc.skipWs();
      const called = sc.peek() === 40;
      const isData = name === 'True' || name === 'False' || name === 'None' || (name === 'float' && called) || (reprMode && (name === 'nan' || name === 'inf'));
      if (!isData) {
        if (called && (name === 'np.array' || name === 'numpy.array')) {
          // torch.tensor(np.array(...)), torch.as_tensor(...), torch.from_numpy(...)
          const args = this.parseArgs(depth + 1, false);
          const built = this.evalNumpy({ name, start, args, end: sc.pos });
          return { kind: 'array', built, start, end: sc.pos };
        }
        if (called) sc.fail(`calling ${name}(...) inside the literal is not supported`, start);
        if (name === 'nan' || name === 'inf') sc.fail(`name '${name}' is not defined: write float('${name}')`, start);
        return { kind: 'name', name, start, end };
      }
      sc.pos = start;
    }
    const data = new DataScanner(sc, this.maxElements, reprMode, !this.mainRead).scanElement(depth);
    this.mainRead = true;
    return { kind: 'data', data, start, end: sc.pos };
  }

  // ---- argument helpers ----

  private bind(fn: string, call: { args: Arg[]; start: number }, names: string[]): Map<string, ArgValue> {
    const sc: Scanner = this.sc;
    const out = new Map<string, ArgValue>();
    let i = 0;
    for (const a of call.args) {
      if (a.key === undefined) {
        if (i >= names.length || names[i].startsWith('*')) {
          const n = names.filter((x) => !x.startsWith('*')).length;
          const given = call.args.filter((x) => x.key === undefined).length;
          // PyTorch's argument parser words it so for these; other signatures get our own message.
          if (fn === 'tensor' || fn === 'as_tensor') sc.fail(`${fn}() takes ${n} positional argument${n === 1 ? '' : 's'} but ${given} were given`, a.value.start, 'TypeError');
          sc.fail(`${fn}() takes ${n} positional argument${n === 1 ? '' : 's'} here, but ${given} were given`, a.value.start);
        }
        out.set(names[i++], a.value);
      } else {
        const key = names.includes(a.key) ? a.key : names.includes('*' + a.key) ? '*' + a.key : undefined;
        if (key === undefined) {
          sc.fail(`${fn}() argument '${a.key}' is not supported (supported: ${names.map((n) => n.replace('*', '')).join(', ')})`, a.value.start);
        }
        if (out.has(key)) sc.fail(`${fn}() got multiple values for argument '${a.key}'`, a.value.start, 'TypeError');
        out.set(key, a.value);
      }
    }
    return out;
  }

  /** A single scalar of data (e.g. a fill value); undefined when the argument is not one. */
  private scalarOf(v: ArgValue | undefined): { kind: number; value: number } | undefined {
    if (v === undefined || v.kind !== 'data' || v.data.tags[0] >= 0) return undefined;
    return { kind: v.data.tags[0], value: v.data.vals[0] };
  }

  private typeNameOf(v: ArgValue): string {
    if (v.kind === 'data') return kindName(v.data.tags[0]);
    if (v.kind === 'string') return 'str';
    if (v.kind === 'array') return 'numpy.ndarray';
    if (v.kind === 'name' && /^torch\.(\w+)$/.test(v.name)) {
      const attr = v.name.slice(6);
      if (attr in TORCH_DTYPES || TORCH_OTHER_DTYPES.has(attr)) return 'torch.dtype';
    }
    return 'object';
  }

  private torchDtype(v: ArgValue | undefined): DType | null {
    if (v === undefined) return null;
    const sc: Scanner = this.sc;
    if (v.kind === 'data' && v.data.tags[0] === K_NONE) return null;
    if (v.kind !== 'name') sc.fail(`dtype must be a torch dtype such as torch.float64`, v.start);
    const m = /^torch\.(\w+)$/.exec(v.name);
    if (m && m[1] in TORCH_DTYPES) return TORCH_DTYPES[m[1]];
    if (m && TORCH_OTHER_DTYPES.has(m[1])) sc.fail(`dtype ${v.name} is not supported: ${SUPPORTED_NOTE}`, v.start);
    return sc.fail(`unknown dtype '${v.name}': expected one of torch.float32 (torch.float), torch.float64 (torch.double), torch.int64 (torch.long), torch.bool`, v.start);
  }

  private numpyDtype(v: ArgValue | undefined): DType | null {
    if (v === undefined) return null;
    const sc: Scanner = this.sc;
    if (v.kind === 'data' && v.data.tags[0] === K_NONE) return null;
    if (v.kind === 'string') {
      if (v.value in NUMPY_DTYPE_STRINGS) return NUMPY_DTYPE_STRINGS[v.value];
      sc.fail(`dtype ${pyStrRepr(v.value)} is not supported: ${SUPPORTED_NOTE}`, v.start);
    }
    if (v.kind === 'name') {
      if (v.name === 'float') return 'float64';
      if (v.name === 'int') return 'int64';
      if (v.name === 'bool') return 'bool';
      const m = /^(?:np|numpy)\.(\w+)$/.exec(v.name);
      if (m && m[1] in NUMPY_DTYPES) return NUMPY_DTYPES[m[1]];
      if (m) sc.fail(`dtype ${v.name} is not supported: ${SUPPORTED_NOTE}`, v.start);
    }
    return sc.fail('dtype must be a NumPy dtype such as np.float32, np.float64, np.int64, np.bool_ or float/int/bool', v.start);
  }

  private boolArg(fn: string, name: string, v: ArgValue | undefined): boolean {
    if (v === undefined) return false;
    const s = this.scalarOf(v);
    if (s === undefined || s.kind !== K_BOOL) {
      this.sc.fail(`${fn}(): argument '${name}' must be bool, not ${this.typeNameOf(v)}`, v.start, 'TypeError');
    }
    return s.value === 1;
  }

  private checkGrad(requiresGrad: boolean, dtype: DType, at: number): void {
    if (requiresGrad && dtype !== 'float32' && dtype !== 'float64') {
      this.sc.fail('Only Tensors of floating point and complex dtype can require gradients', at, 'RuntimeError');
    }
  }

  /** PyTorch allows any rank for sizes; the views that print and draw tensors take what nested lists can hold. */
  private checkRank(shape: readonly number[], at: number): void {
    if (shape.length > TORCH_MAX_DIMS) this.sc.fail(`a tensor of ${shape.length} dimensions: Dropout Lens handles up to ${TORCH_MAX_DIMS}`, at);
  }

  private checkNumel(n: number, at: number): void {
    if (n > this.maxElements) this.sc.fail(`the tensor would have ${n} elements, more than the limit of ${this.maxElements} (option maxElements)`, at);
  }

  /**
   * A size given as varargs ints or one tuple/list, with PyTorch's argument-parser messages.
   * `sequenceOnly`: the argument must be a sequence (torch.full's size). `overloaded`: PyTorch has
   * several signatures for `fn`, so a wrong first vararg gets its multi-line "invalid combination
   * of arguments" message, which is not reproduced.
   */
  private sizeArg(fn: string, argName: string, values: ArgValue[], sequenceOnly: boolean, overloaded = false): number[] {
    const sc: Scanner = this.sc;
    const elems: { kind: number; value: number; off: number; type: string }[] = [];
    const whole = values.length === 1 ? values[0] : undefined;
    if (whole !== undefined && (whole.kind !== 'data' || whole.data.tags[0] >= 0 || sequenceOnly)) {
      if (whole.kind !== 'data' || whole.data.tags[0] < 0) {
        sc.fail(`${fn}(): argument '${argName}' (position 1) must be tuple of SymInts, not ${this.typeNameOf(whole)}`, whole.start, 'TypeError');
      }
      const d = whole.data;
      let vi = 0;
      for (let k = 1; k < d.ntags; ) {
        const tag = d.tags[k];
        elems.push({ kind: tag, value: tag < 0 ? d.vals[vi] : NaN, off: d.offs[k], type: kindName(tag) });
        if (tag < 0) {
          vi++;
          k++;
        } else {
          // skip a nested sequence's subtree
          let open = tag >> 1;
          k++;
          while (open > 0 && k < d.ntags) {
            const tg = d.tags[k];
            open += (tg >= 0 ? tg >> 1 : 0) - 1;
            if (tg < 0) vi++;
            k++;
          }
        }
      }
      if (elems.length > 0 && !isIntKind(elems[0].kind)) {
        sc.fail(`${fn}(): argument '${argName}' (position 1) must be tuple of SymInts, not ${seqName(d.tags[0])}`, whole.start, 'TypeError');
      }
    } else {
      for (const v of values) {
        const s = this.scalarOf(v);
        elems.push(
          s
            ? { kind: s.kind, value: s.value, off: v.start, type: kindName(s.kind) }
            : { kind: v.kind === 'data' ? v.data.tags[0] : K_NONE, value: NaN, off: v.start, type: this.typeNameOf(v) },
        );
      }
      if (elems.length > 0 && !isIntKind(elems[0].kind)) {
        if (values.length === 1 || !overloaded) {
          sc.fail(`${fn}(): argument '${argName}' (position 1) must be tuple of SymInts, not ${this.typeNameOf(values[0])}`, values[0].start, 'TypeError');
        }
        sc.fail(`${fn}(): the ${argName} must be integers, not ${this.typeNameOf(values[0])}`, values[0].start);
      }
    }
    return elems.map((e, i) => {
      // After the first element PyTorch takes a bool as the int it is.
      if (e.kind === K_BOOL && i > 0) return e.value;
      if (!isIntKind(e.kind)) {
        sc.fail(`${fn}(): argument '${argName}' must be tuple of SymInts, but found element of type ${e.type} at pos ${i + 1}`, e.off, 'TypeError');
      }
      if (e.kind !== K_INT) sc.fail('Overflow when unpacking long', e.off, 'RuntimeError');
      return e.value;
    });
  }

  private intArg(fn: string, name: string, pos: number, v: ArgValue): number {
    const s = this.scalarOf(v);
    // PyTorch's message for None is its multi-line "invalid combination of arguments".
    if (s?.kind === K_NONE) this.sc.fail(`${fn}(): ${name} must be an int, not None`, v.start);
    if (s === undefined || !isIntKind(s.kind)) {
      this.sc.fail(`${fn}(): argument '${name}' (position ${pos}) must be int, not ${this.typeNameOf(v)}`, v.start, 'TypeError');
    }
    if (s.kind !== K_INT) this.sc.fail('Overflow when unpacking long', v.start, 'RuntimeError');
    return s.value;
  }

  private numberArg(fn: string, name: string, pos: number, v: ArgValue): { kind: number; value: number } {
    const s = this.scalarOf(v);
    if (s === undefined || s.kind === K_NONE) {
      this.sc.fail(`${fn}(): argument '${name}' (position ${pos}) must be Number, not ${this.typeNameOf(v)}`, v.start, 'TypeError');
    }
    if (s.kind === K_INT_HUGE || s.kind === K_INT_BEYOND_INT64) this.sc.fail('Overflow when unpacking long', v.start, 'RuntimeError');
    if (s.kind === K_INT_INEXACT) this.sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, v.start);
    return s;
  }

  // ---- calls ----

  private evalCall(call: Call): { value: Value; form: LiteralForm } {
    const name = call.name;
    if (name === 'tensor') return { value: this.evalRepr(call), form: 'repr' };
    if (name === 'torch.tensor' || name === 'torch.as_tensor') {
      const fn = name.slice(6);
      const a = this.bind(fn, call, fn === 'tensor' ? ['data', '*dtype', '*device', '*requires_grad'] : ['data', '*dtype', '*device']);
      this.deviceArg(a.get('*device'));
      const dtype = this.torchDtype(a.get('*dtype'));
      const dataV = a.get('data');
      const built =
        dataV?.kind === 'array' ? castBuilt(this.sc, dataV.built, dtype ?? dataV.built.dtype, dataV.start) : torchFromData(this.sc, this.dataArg(fn, dataV, call), dtype);
      const rg = this.boolArg(fn, 'requires_grad', a.get('*requires_grad'));
      this.checkGrad(rg, built.dtype, call.start);
      return { value: { tensor: built, requiresGrad: rg, numpy: false }, form: name };
    }
    if (name === 'torch.from_numpy') {
      const a = this.bind('from_numpy', call, ['ndarray']);
      const v = a.get('ndarray');
      if (v === undefined) this.sc.fail('from_numpy() needs an array', call.start, 'TypeError');
      if (v.kind !== 'array') this.sc.fail(`expected np.ndarray (got ${this.typeNameOf(v)})`, v.start, 'TypeError');
      return { value: { tensor: v.built, requiresGrad: false, numpy: false }, form: name };
    }
    if (name in LEGACY) return { value: this.evalLegacy(call, LEGACY[name]), form: name as LiteralForm };
    if (name === 'np.array' || name === 'numpy.array') return { value: { tensor: this.evalNumpy(call), requiresGrad: false, numpy: true }, form: name };
    return { value: this.evalConstructor(call), form: name as LiteralForm };
  }

  private evalNumpy(call: Call): Built {
    const a = this.bind('array', call, ['object', 'dtype']);
    const data = this.dataArg('array', a.get('object'), call);
    return numpyFromData(this.sc, data, this.numpyDtype(a.get('dtype')));
  }

  private dataArg(fn: string, v: ArgValue | undefined, call: Call): Data {
    if (v === undefined) this.sc.fail(`${fn}() needs the data argument`, call.start, 'TypeError');
    if (v.kind !== 'data') this.sc.fail(`expected the data (a list, tuple or number), found ${this.sc.text.slice(v.start, Math.min(v.end, v.start + 80))}`, v.start);
    return v.data;
  }

  /**
   * `device=`: the CPU is what is reproduced. Another device computes dropout with another
   * generator (CUDA's Philox), so the literal is refused rather than shown with a CPU mask.
   */
  private deviceArg(v: ArgValue | undefined): void {
    if (v === undefined || (v.kind === 'data' && v.data.tags[0] === K_NONE)) return;
    if (v.kind === 'string' && /^cpu(:0)?$/.test(v.value)) return;
    if (v.kind === 'string' && /^(cuda|mps|xpu|xla|meta|hip|ipu|hpu|ve|lazy|ort|vulkan|opengl|opencl|ideep|fpga|mkldnn|privateuseone)(:\d+)?$/.test(v.value)) {
      this.sc.fail(
        `device=${pyStrRepr(v.value)}: Dropout Lens reproduces PyTorch's CPU generator; other devices draw different masks (CUDA uses Philox)`,
        v.start,
      );
    }
    this.sc.fail(`device must be written as device='cpu' (found ${this.sc.text.slice(v.start, Math.min(v.end, v.start + 40))})`, v.start);
  }

  /** A tensor printed by PyTorch: tensor(data, dtype=..., size=..., requires_grad=True, grad_fn=<...>). */
  private evalRepr(call: Call): Value {
    const sc: Scanner = this.sc;
    const a = this.bind('tensor', call, ['data', '*dtype', '*size', '*device', '*requires_grad', '*grad_fn']);
    this.deviceArg(a.get('*device'));
    const data = this.dataArg('tensor', a.get('data'), call);
    const built = torchFromData(sc, data, this.torchDtype(a.get('*dtype')));
    const sizeV = a.get('*size');
    if (sizeV !== undefined) {
      const size = this.sizeArg('tensor', 'size', [sizeV], true);
      if (size.some((s) => s < 0)) sc.fail('size=(...) has a negative dimension', sizeV.start);
      if (built.data.length !== 0 || size.reduce((x, y) => x * y, 1) !== 0) {
        sc.fail('size=(...) appears in a printed tensor only when it is empty; this one is not', sizeV.start);
      }
      built.shape = size;
    }
    let rg = this.boolArg('tensor', 'requires_grad', a.get('*requires_grad'));
    const g = a.get('*grad_fn');
    let gradFn: string | undefined;
    if (g !== undefined) {
      if (g.kind !== 'gradfn') sc.fail('expected grad_fn=<Name> as PyTorch prints it', g.start);
      gradFn = g.name;
      rg = true;
    }
    this.checkGrad(rg, built.dtype, call.start);
    return { tensor: built, requiresGrad: rg, gradFn, numpy: false };
  }

  /** torch.Tensor / FloatTensor / ...: data of a fixed type; sizes would allocate uninitialised memory. */
  private evalLegacy(call: Call, dtype: DType): Value {
    const sc: Scanner = this.sc;
    const fn = call.name;
    for (const a of call.args) {
      if (a.key !== undefined) sc.fail(`${fn}() does not take the keyword argument '${a.key}' here; use torch.tensor(..., ${a.key}=...)`, a.value.start);
    }
    if (call.args.length === 0) return { tensor: { shape: [0], dtype, data: allocData(dtype, 0) }, requiresGrad: false, numpy: false };
    const first = call.args[0].value;
    if (first.kind === 'data' && first.data.tags[0] >= 0 && call.args.length === 1) {
      return { tensor: torchFromData(sc, first.data, dtype), requiresGrad: false, numpy: false };
    }
    const s = this.scalarOf(first);
    if (s !== undefined && isIntKind(s.kind)) {
      sc.fail(`${fn}(${sc.text.slice(call.args[0].value.start, call.end - 1)}) allocates uninitialised memory: its values are arbitrary, so there is nothing to reproduce; use torch.zeros or torch.tensor`, call.start);
    }
    if (call.args.length === 1) sc.fail(`new(): data must be a sequence (got ${this.typeNameOf(first)})`, first.start, 'TypeError');
    return sc.fail(`${fn}() takes one sequence of data here`, call.args[1].value.start);
  }

  private evalConstructor(call: Call): Value {
    const sc: Scanner = this.sc;
    const fn = call.name.slice(6);
    let built: Built;
    let rgV: ArgValue | undefined;
    if (fn === 'ones' || fn === 'zeros') {
      const positional = call.args.filter((a) => a.key === undefined).map((a) => a.value);
      const kw = this.bind(fn, { args: call.args.filter((a) => a.key !== undefined), start: call.start }, ['*size', '*dtype', '*device', '*requires_grad']);
      this.deviceArg(kw.get('*device'));
      const sizeV = kw.get('*size');
      if (sizeV !== undefined && positional.length > 0) sc.fail(`${fn}() got multiple values for argument 'size'`, sizeV.start, 'TypeError');
      const sizeValues = sizeV !== undefined ? [sizeV] : positional;
      if (sizeValues.length === 0) sc.fail(`${fn}() needs a size`, call.start);
      const shape = this.checkedShape(this.sizeArg(fn, 'size', sizeValues, false, true), call.start);
      const dtype = this.torchDtype(kw.get('*dtype')) ?? 'float32';
      const n = shape.reduce((x, y) => x * y, 1);
      const data = allocData(dtype, n);
      if (fn === 'ones') data.fill(1);
      built = { shape, dtype, data };
      rgV = kw.get('*requires_grad');
    } else if (fn === 'full') {
      const a = this.bind(fn, call, ['size', 'fill_value', '*dtype', '*device', '*requires_grad']);
      this.deviceArg(a.get('*device'));
      const sizeV = a.get('size');
      const fillV = a.get('fill_value');
      if (sizeV === undefined || fillV === undefined) sc.fail('full() needs size and fill_value', call.start, 'TypeError');
      const shape = this.checkedShape(this.sizeArg(fn, 'size', [sizeV], true), call.start);
      const fill = this.scalarOf(fillV);
      if (fill === undefined || fill.kind === K_NONE) {
        sc.fail(`full(): argument 'fill_value' (position 2) must be Number, not ${this.typeNameOf(fillV)}`, fillV.start, 'TypeError');
      }
      const given = this.torchDtype(a.get('*dtype'));
      const dtype = given ?? (fill.kind === K_BOOL ? 'bool' : fill.kind === K_FLOAT ? 'float32' : 'int64');
      let v = fill.value;
      if (fill.kind === K_INT_HUGE || fill.kind === K_INT_BEYOND_INT64) {
        if (given === null || given === 'int64') sc.fail('Overflow when unpacking long', fillV.start, 'RuntimeError');
      }
      if (dtype === 'int64') {
        if (fill.kind === K_INT_INEXACT) sc.fail(`this integer has no exact double: ${INT64_EXACT_NOTE}`, fillV.start);
        if (!(v > -TWO_63 - 1 && v < TWO_63)) sc.fail('value cannot be converted to type int64_t without overflow', fillV.start, 'RuntimeError');
        v = Math.trunc(v) + 0;
      } else if (dtype === 'bool') {
        v = v !== 0 ? 1 : 0;
      }
      const n = shape.reduce((x, y) => x * y, 1);
      const data = allocData(dtype, n);
      data.fill(dtype === 'float32' ? Math.fround(v) : v);
      built = { shape, dtype, data };
      rgV = a.get('*requires_grad');
    } else if (fn === 'arange') {
      built = this.arange(call);
      rgV = call.args.find((x) => x.key === 'requires_grad')?.value;
    } else if (fn === 'linspace') {
      const a = this.bind(fn, call, ['start', 'end', 'steps', '*dtype', '*device', '*requires_grad']);
      this.deviceArg(a.get('*device'));
      built = this.linspace(call, a);
      rgV = a.get('*requires_grad');
    } else {
      const a = this.bind(fn, call, ['n', 'm', '*dtype', '*device', '*requires_grad']);
      this.deviceArg(a.get('*device'));
      const nV = a.get('n');
      if (nV === undefined) sc.fail('eye() needs n', call.start, 'TypeError');
      const n = this.intArg('eye', 'n', 1, nV);
      const mV = a.get('m');
      const m = mV === undefined ? n : this.intArg('eye', 'm', 2, mV);
      if (n < 0) sc.fail(`n must be greater or equal to 0, got ${n}`, nV.start, 'RuntimeError');
      if (m < 0) sc.fail(`m must be greater or equal to 0, got ${m}`, mV?.start ?? call.start, 'RuntimeError');
      this.checkNumel(n * m, call.start);
      const dtype = this.torchDtype(a.get('*dtype')) ?? 'float32';
      const data = allocData(dtype, n * m);
      for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
      built = { shape: [n, m], dtype, data };
      rgV = a.get('*requires_grad');
    }
    const rg = this.boolArg(fn, 'requires_grad', rgV);
    this.checkGrad(rg, built.dtype, call.start);
    return { tensor: built, requiresGrad: rg, numpy: false };
  }

  private checkedShape(shape: number[], at: number): number[] {
    this.checkRank(shape, at);
    for (const s of shape) {
      if (s < 0) this.sc.fail(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`, at, 'RuntimeError');
    }
    this.checkNumel(shape.reduce((x, y) => x * y, 1), at);
    return shape;
  }

  private arange(call: Call): Built {
    const sc: Scanner = this.sc;
    const a = this.bind('arange', { args: call.args.filter((x) => x.key !== undefined), start: call.start }, ['*start', '*end', '*step', '*dtype', '*device', '*requires_grad']);
    this.deviceArg(a.get('*device'));
    const positional = call.args.filter((x) => x.key === undefined).map((x) => x.value);
    if (positional.length > 3) sc.fail('arange() takes at most 3 positional arguments', positional[3].start, 'TypeError');
    let startV: ArgValue | undefined;
    let endV: ArgValue | undefined;
    let stepV: ArgValue | undefined;
    if (positional.length === 1) endV = positional[0];
    else [startV, endV, stepV] = positional;
    const pick = (key: string, cur: ArgValue | undefined): ArgValue | undefined => {
      const k = call.args.find((x) => x.key === key);
      if (k && cur) sc.fail(`arange() got multiple values for argument '${key}'`, k.value.start, 'TypeError');
      return k ? k.value : cur;
    };
    startV = pick('start', startV);
    endV = pick('end', endV);
    stepV = pick('step', stepV);
    if (endV === undefined) sc.fail('arange() needs end', call.start, 'TypeError');
    const num = (v: ArgValue | undefined, name: string, pos: number, dflt: number) =>
      v === undefined ? { kind: K_INT, value: dflt } : this.numberArg('arange', name, pos, v);
    const s = num(startV, 'start', 1, 0);
    const e = num(endV, 'end', positional.length === 1 ? 1 : 2, 0);
    const st = num(stepV, 'step', 3, 1);
    const anyFloat = [s, e, st].some((x) => x.kind === K_FLOAT);
    const dtype = this.torchDtype(a.get('*dtype')) ?? (anyFloat ? 'float32' : 'int64');
    if (dtype === 'bool') sc.fail(`"arange_cpu" not implemented for 'Bool'`, call.start, 'RuntimeError');
    const at = call.start;
    if (dtype === 'int64') {
      for (const x of [s, e, st]) {
        if (!(x.value > -TWO_63 - 1 && x.value < TWO_63)) sc.fail('value cannot be converted to type int64_t without overflow', at, 'RuntimeError');
      }
      const xs = Math.trunc(s.value) + 0;
      const xe = Math.trunc(e.value) + 0;
      const xst = Math.trunc(st.value) + 0;
      if (xst === 0) sc.fail('step must be nonzero', at, 'RuntimeError');
      if (!((xst > 0 && xe >= xs) || (xst < 0 && xe <= xs))) sc.fail('upper bound and larger bound inconsistent with step sign', at, 'RuntimeError');
      const sgn = xst > 0 ? 1 : -1;
      const n = Math.trunc((xe - xs + xst - sgn) / xst);
      this.checkNumel(n, at);
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = xs + xst * i;
      if (n > 0 && (Math.abs(data[n - 1]) > 2 ** 53 || Math.abs(xs) > 2 ** 53)) sc.fail(`values beyond 2^53: ${INT64_EXACT_NOTE}`, at);
      return { shape: [n], dtype, data };
    }
    if (!(st.value > 0 || st.value < 0)) sc.fail('step must be nonzero', at, 'RuntimeError');
    if (!Number.isFinite(s.value) || !Number.isFinite(e.value)) sc.fail(`unsupported range: ${cppG(s.value)} -> ${cppG(e.value)}`, at, 'RuntimeError');
    if (!((st.value > 0 && e.value >= s.value) || (st.value < 0 && e.value <= s.value))) {
      sc.fail('upper bound and larger bound inconsistent with step sign', at, 'RuntimeError');
    }
    const n = Math.ceil((e.value - s.value) / st.value);
    this.checkNumel(n, at);
    const data = allocData(dtype, n);
    const fracBits = Math.max(binaryFractionBits(s.value), binaryFractionBits(st.value));
    const scale = 2 ** fracBits;
    const limit = dtype === 'float32' ? 2 ** 24 : 2 ** 53;
    if (fracBits > 60 || Math.abs(s.value * scale) + Math.abs(st.value * scale) * n > limit) {
      sc.fail(
        `torch.arange with these arguments produces rounded values that depend on PyTorch's vectorised kernel, which Dropout Lens does not reproduce; write the values out (e.g. copy print(x))`,
        at,
      );
    }
    for (let i = 0; i < n; i++) data[i] = s.value + st.value * i;
    return { shape: [n], dtype, data };
  }

  private linspace(call: Call, a: Map<string, ArgValue>): Built {
    const sc: Scanner = this.sc;
    const at = call.start;
    const sV = a.get('start');
    const eV = a.get('end');
    const nV = a.get('steps');
    if (sV === undefined || eV === undefined) sc.fail('linspace() needs start and end', at, 'TypeError');
    if (nV === undefined) sc.fail('linspace() missing 1 required positional arguments: "steps"', at, 'TypeError');
    const s = this.numberArg('linspace', 'start', 1, sV).value;
    const e = this.numberArg('linspace', 'end', 2, eV).value;
    const steps = this.intArg('linspace', 'steps', 3, nV);
    const dtype = this.torchDtype(a.get('*dtype')) ?? 'float32';
    if (steps < 0) sc.fail('number of steps must be non-negative', at, 'RuntimeError');
    if (dtype === 'bool') sc.fail(`"linspace_cpu" not implemented for 'Bool'`, at, 'RuntimeError');
    this.checkNumel(steps, at);
    const data = allocData(dtype, steps);
    if (steps === 0) return { shape: [0], dtype, data };
    if (dtype === 'int64') {
      for (const x of [s, e]) {
        if (!(x > -TWO_63 - 1 && x < TWO_63)) sc.fail('value cannot be converted to type int64_t without overflow', at, 'RuntimeError');
      }
      const xs = Math.trunc(s) + 0;
      const xe = Math.trunc(e) + 0;
      if (steps === 1) {
        data[0] = xs;
        return { shape: [1], dtype, data };
      }
      const step = (xe - xs) / (steps - 1);
      if (!Number.isInteger(step)) {
        sc.fail('an int64 torch.linspace whose step is not a whole number is not reproduced exactly; write the values out', at);
      }
      const half = Math.floor(steps / 2);
      for (let i = 0; i < steps; i++) data[i] = i < half ? xs + step * i : xe - step * (steps - i - 1);
      return { shape: [steps], dtype, data };
    }
    const f = dtype === 'float32' ? Math.fround : (x: number) => x;
    const xs = f(s);
    const xe = f(e);
    if (steps === 1) {
      data[0] = xs;
      return { shape: [1], dtype, data };
    }
    // Exact when start, end and step are multiples of one 2^-bits with small enough numerators.
    const step = (xe - xs) / (steps - 1);
    const bits = Number.isFinite(step) ? Math.max(binaryFractionBits(xs), binaryFractionBits(xe), binaryFractionBits(step)) : Infinity;
    const scale = 2 ** bits;
    const limit = dtype === 'float32' ? 2 ** 24 : 2 ** 53;
    if (
      bits > 60 ||
      step * scale * (steps - 1) !== (xe - xs) * scale ||
      Math.abs(xs * scale) + Math.abs(step * scale) * steps > limit ||
      Math.abs(xe * scale) > limit
    ) {
      sc.fail(
        `torch.linspace with these arguments produces rounded values that depend on PyTorch's vectorised kernel, which Dropout Lens does not reproduce; write the values out (e.g. copy print(x))`,
        at,
      );
    }
    for (let i = 0; i < steps; i++) data[i] = xs + step * i;
    return { shape: [steps], dtype, data };
  }

  // ---- methods ----

  private applyMethod(v: Value, name: string, at: number, args: Arg[], casts: CastChain): Value {
    const sc: Scanner = this.sc;
    const t = v.tensor;
    if (v.numpy) {
      if (name === 'astype') {
        const a = this.bind('astype', { args, start: at }, ['dtype']);
        const dtypeV = a.get('dtype');
        if (dtypeV === undefined) sc.fail("astype() missing required argument 'dtype' (pos 0)", at, 'TypeError');
        return { ...v, tensor: casts.defer(t, this.numpyDtype(dtypeV) ?? 'float64', at) };
      }
      if (name !== 'reshape') sc.fail(`.${name}() on a NumPy array is not supported: only .reshape(...) and .astype(...) are`, at);
      const shape = this.numpyReshape(t, args, at);
      this.checkRank(shape, at);
      return { ...v, tensor: { ...t, shape } };
    }
    switch (name) {
      case 'reshape':
      case 'view': {
        for (const a of args) if (a.key !== undefined) sc.fail(`${name}() takes no keyword arguments here`, a.value.start);
        if (args.length === 0) sc.fail(`${name}() missing 1 required positional arguments: "${name === 'view' ? 'size' : 'shape'}"`, at, 'TypeError');
        const shape = this.sizeArg(name, name === 'view' ? 'size' : 'shape', args.map((a) => a.value), false, name === 'view');
        const res = torchInferSize(sc, shape, t.data.length, at);
        this.checkRank(res, at);
        return {
          ...v,
          tensor: { ...t, shape: res },
          gradFn: v.requiresGrad ? (name === 'view' ? 'ViewBackward0' : 'ReshapeAliasBackward0') : v.gradFn,
        };
      }
      case 'float':
      case 'double':
      case 'long':
      case 'bool': {
        if (args.length > 0) sc.fail(`.${name}() takes no arguments here`, args[0].value.start);
        const to: DType = name === 'float' ? 'float32' : name === 'double' ? 'float64' : name === 'long' ? 'int64' : 'bool';
        if (to === t.dtype) return v;
        const floating = to === 'float32' || to === 'float64';
        const rg = floating && v.requiresGrad;
        return { tensor: casts.defer(t, to, at), requiresGrad: rg, gradFn: rg ? 'ToCopyBackward0' : undefined, numpy: false };
      }
      default:
        return sc.fail(`'.${name}()' is not supported: only the methods reshape, view, float, double, long and bool are`, at);
    }
  }

  private numpyReshape(t: Built, args: Arg[], at: number): number[] {
    const sc: Scanner = this.sc;
    for (const a of args) if (a.key !== undefined) sc.fail(`reshape() argument '${a.key}' is not supported`, a.value.start);
    if (args.length === 0) sc.fail('reshape() takes exactly 1 argument (0 given)', at, 'TypeError');
    let dims: number[];
    const only = args.length === 1 ? args[0].value : undefined;
    if (only && only.kind === 'data' && only.data.tags[0] >= 0) {
      dims = this.sizeArg('reshape', 'shape', [only], true);
    } else {
      dims = args.map((a) => {
        const s = this.scalarOf(a.value);
        if (s === undefined || !isIntKind(s.kind)) sc.fail(`'${this.typeNameOf(a.value)}' object cannot be interpreted as an integer`, a.value.start, 'TypeError');
        return s.value;
      });
    }
    const size = t.data.length;
    const shapeText = (): string => {
      let i = 0;
      while (i < dims.length && dims[i] < 0) i++;
      if (i === dims.length) return '()';
      let s = String(dims[i++]);
      for (; i < dims.length; i++) s += dims[i] < 0 ? ',newaxis' : `,${dims[i]}`;
      return `(${s})`;
    };
    const mismatch = (): never => sc.fail(`cannot reshape array of size ${size} into shape ${shapeText()}`, at, 'ValueError');
    let unknown = -1;
    let known = 1;
    for (let i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        if (unknown >= 0) sc.fail('can only specify one unknown dimension', at, 'ValueError');
        unknown = i;
      } else {
        known *= dims[i];
      }
    }
    const out = dims.slice();
    if (unknown >= 0) {
      if (known === 0 || size % known !== 0) mismatch();
      out[unknown] = size / known;
    } else if (known !== size) {
      mismatch();
    }
    return out;
  }
}

/**
 * A tensor converted to another dtype as PyTorch's (and NumPy's) casts do it. A float outside
 * int64 (or nan) has no defined int64 value (C++ leaves it to the machine), so it is refused.
 */
function castBuilt(sc: Scanner, t: Built, to: DType, at: number): Built {
  if (to === t.dtype) return t;
  const src = t.data;
  const data = allocData(to, src.length);
  for (let i = 0; i < src.length; i++) {
    const x = src[i];
    if (to === 'int64') {
      if (!(x > -TWO_63 - 1 && x < TWO_63)) {
        sc.fail(`converting ${pyFloatRepr(x)} to int64 is undefined (the C++ cast leaves the result to the machine), so there is no value to show`, at);
      }
      data[i] = Math.trunc(x) + 0;
    } else if (to === 'bool') {
      data[i] = x !== 0 ? 1 : 0;
    } else {
      data[i] = x;
    }
  }
  return { shape: t.shape, dtype: to, data };
}

/** PyTorch's infer_size for reshape/view, with its messages. */
function torchInferSize(sc: Scanner, shape: number[], numel: number, at: number): number[] {
  let newsize = 1;
  let inferDim = -1;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === -1) {
      if (inferDim >= 0) sc.fail('only one dimension can be inferred', at, 'RuntimeError');
      inferDim = i;
    } else if (shape[i] >= 0) {
      newsize *= shape[i];
    } else {
      sc.fail(`invalid shape dimension ${shape[i]}`, at, 'RuntimeError');
    }
  }
  if (numel === newsize || (inferDim >= 0 && newsize > 0 && numel % newsize === 0)) {
    const res = shape.slice();
    if (inferDim >= 0) {
      if (newsize === 0) {
        sc.fail(
          `cannot reshape tensor of 0 elements into shape [${shape.join(', ')}] because the unspecified dimension size -1 can be any value and is ambiguous`,
          at,
          'RuntimeError',
        );
      }
      res[inferDim] = numel / newsize;
    }
    return res;
  }
  return sc.fail(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`, at, 'RuntimeError');
}

/** How many binary digits a double has after the point (0 for integers; up to 1074). */
function binaryFractionBits(x: number): number {
  let k = 0;
  while (!Number.isInteger(x * 2 ** k) && k < 1100) k++;
  return k;
}

/** C++ ostream's default formatting of a double (%g, 6 significant digits), as in PyTorch's messages. */
function cppG(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * Parses the literal in `text` into a tensor. Throws only LiteralError (with PyTorch's message
 * and Python exception class in `pyType` where PyTorch has one).
 */
export function parseTensorLiteral(text: string, options: ParseOptions = {}): ParsedLiteral {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (text.length > maxChars) {
    const { line, column } = new Scanner(text.slice(0, maxChars + 1)).lineCol(maxChars);
    throw new LiteralError(
      `the text is ${text.length} characters long, more than the limit of ${maxChars} (option maxChars)`,
      maxChars,
      line,
      column,
    );
  }
  try {
    checkStatement(text, (first) => new LiteralParser(first, options).parse());
    return new LiteralParser(text, options).parse();
  } catch (e) {
    // Memory exhaustion while growing buffers (possible only with limits raised far above the defaults).
    if (e instanceof RangeError) throw new LiteralError(`the literal is too large to read (${e.message})`, 0, 1, 1);
    throw e;
  }
}
