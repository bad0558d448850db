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
import { Scanner, isNameStart } from '../lexer';
import { checkAnnotation, checkStatement, checkTarget } from '../statement';
import { Tensor, makeTensor } from '../tensor';
import { parseArgs, parseCall, peekDotted } from './calls';
import { castBuilt, torchFromData } from './convert';
import { evalCall } from './forms';
import { DEFAULT_MAX_CHARS, DEFAULT_MAX_ELEMENTS } from './limits';
import { applyMethod } from './methods';
import { DataScanner } from './scanner';
import type { LiteralForm, Reader, Value } from './types';

export { DEFAULT_MAX_CHARS, DEFAULT_MAX_ELEMENTS, TORCH_MAX_DIMS } from './limits';

interface ParseOptions {
  /** Longest text accepted, in UTF-16 code units. Default DEFAULT_MAX_CHARS. */
  maxChars?: number;
  /** Most elements a literal may hold or a constructor may create. Default DEFAULT_MAX_ELEMENTS. */
  maxElements?: number;
}

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

/** Reads one literal (with its method chain) filling the whole of `text`. */
function readLiteral(text: string, options: ParseOptions): ParsedLiteral {
  const r: Reader = { sc: new Scanner(text), maxElements: options.maxElements ?? DEFAULT_MAX_ELEMENTS, mainRead: false };
  const sc: Scanner = r.sc;
  sc.skipWs();
  skipAssignment(r);
  const start = sc.pos;
  if (sc.pos >= sc.len) sc.fail('nothing to read: expected a tensor literal such as torch.tensor([1., 2.])');
  let value: Value;
  let form: LiteralForm;
  const c = sc.peek();
  const word = isNameStart(c) ? peekDotted(r) : '';
  if (word && !['True', 'False', 'None', 'float'].includes(word)) {
    const call = parseCall(r);
    ({ value, form } = evalCall(r, call));
  } else {
    const data = new DataScanner(sc, r.maxElements, false, true).scanElement(0);
    r.mainRead = true;
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
    const args = parseArgs(r, 1, false);
    try {
      value = applyMethod(r, value, name, at, args, casts);
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
function skipAssignment(r: Reader): void {
  const sc: Scanner = r.sc;
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
    checkStatement(text, (first) => readLiteral(first, options));
    return readLiteral(text, options);
  } catch (e) {
    // Memory exhaustion while growing buffers (possible only with limits raised far above the defaults).
    if (e instanceof RangeError) throw new LiteralError(`the literal is too large to read (${e.message})`, 0, 1, 1);
    throw e;
  }
}
