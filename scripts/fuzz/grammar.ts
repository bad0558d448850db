/**
 * Grammar-based generation of tensor literals the parser must read, each with the tensor it must
 * read them as, computed here independently of the parser (Python's and PyTorch's rules for the
 * few forms generated: dtype inference, float32 rounding of the decimal's double, truncation by
 * .long(), reshapes). Every form of src/core/parse.ts's header is covered: torch.tensor /
 * as_tensor / from_numpy / Tensor / typed tensors / np.array, bare lists, tuples and numbers, a
 * printed repr, the constructors, method chains, an assignment before it, and the layout Python
 * allows (line breaks, comments and continuations inside brackets, a continuation after `=`).
 */
import { pyFloatRepr } from '../../src/core/pyformat';
import { repr } from '../../src/core/repr';
import { makeTensor, numel, type DType, type Tensor } from '../../src/core/tensor';
import type { Prng } from './prng';

export interface Generated {
  text: string;
  /** A NumPy array (its methods are .reshape and .astype), a torch tensor, or bare data (no methods). */
  kind: 'numpy' | 'torch' | 'data';
  /** The tensor it must be read as; for a printed repr (whose digits are rounded) only shape, dtype and requires_grad count. */
  expected: Tensor;
  approximate: boolean;
}

const FLOATS = [0, -0, 1, -1, 0.5, -1.5, 0.1, 1 / 3, 2.5e-8, 1e-45, 1e-300, 5e-324, 3.4028234663852886e38, 3.5e38, 1e300, 16777217, 9007199254740994, 123456.789, NaN, Infinity, -Infinity];

function randomDouble(r: Prng): number {
  if (r.chance(0.3)) return r.pick(FLOATS);
  if (r.chance(0.3)) return (r.int(2001) - 1000) / r.pick([1, 2, 4, 8, 10, 100, 1000]);
  const buf = new DataView(new ArrayBuffer(8));
  buf.setUint32(0, r.u32());
  buf.setUint32(4, r.u32());
  const d = buf.getFloat64(0);
  return Number.isNaN(d) ? NaN : d;
}

function randomInt(r: Prng): number {
  if (r.chance(0.5)) return r.int(21) - 10;
  if (r.chance(0.5)) return r.int(2 ** 31) - 2 ** 30;
  // Up to 2^53 in magnitude: the model's int64 range.
  return (r.chance(0.5) ? -1 : 1) * (r.int(2 ** 21) * 2 ** 32 + r.u32());
}

function floatText(r: Prng, d: number): string {
  if (Number.isNaN(d)) return r.pick(["float('nan')", 'float("nan")', "float('NaN')"]);
  if (d === Infinity) return r.pick(["float('inf')", "float('Infinity')", 'float("+inf")']);
  if (d === -Infinity) return r.pick(["float('-inf')", "-float('inf')"]);
  const s = pyFloatRepr(d);
  if (Number.isInteger(d) && Math.abs(d) < 1e15 && r.chance(0.3)) return `${d < 0 || Object.is(d, -0) ? '-' : ''}${Math.abs(d)}.`;
  if (r.chance(0.1) && !s.includes('e')) return s + '0';
  return s;
}

function intText(r: Prng, v: number): string {
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  if (r.chance(0.1)) return `${sign}0x${a.toString(16)}`;
  if (r.chance(0.05)) return `${sign}0b${a.toString(2)}`;
  if (r.chance(0.1) && a >= 1000) return sign + a.toLocaleString('en-US').replace(/,/g, '_');
  return String(v);
}

function randomShape(r: Prng): number[] {
  if (r.chance(0.02)) return [1000 + r.int(4000)];
  const nd = r.int(5);
  const shape: number[] = [];
  for (let i = 0; i < nd; i++) {
    // Nested lists cannot say what follows an empty dimension: it ends the shape.
    if (r.chance(0.05)) return [...shape, 0];
    shape.push(1 + r.int(4));
  }
  return shape;
}

/** Blank space Python allows between tokens inside brackets: spaces, line breaks, comments, continuations. */
function gap(r: Prng): string {
  if (r.chance(0.8)) return r.chance(0.5) ? '' : ' ';
  return r.pick(['\n', '\n    ', '  # note\n ', '\t', '\\\n', '\r\n', ' \n\n  ']);
}

interface Data {
  text: string;
  values: number[];
}

/** Nested Python sequences of `shape` whose elements are written by `item`. */
function nested(r: Prng, shape: number[], item: () => { text: string; value: number }): Data {
  const values: number[] = [];
  const tuple = r.chance(0.15);
  const rec = (d: number): string => {
    if (d === shape.length) {
      const it = item();
      values.push(it.value);
      return it.text;
    }
    const parts: string[] = [];
    for (let i = 0; i < shape[d]; i++) parts.push(rec(d + 1));
    const [open, close] = tuple && shape[d] > 0 ? ['(', ')'] : ['[', ']'];
    let body = parts.map((p, i) => (i > 0 ? gap(r) : '') + p).join(',');
    if (parts.length > 0 && ((tuple && parts.length === 1) || r.chance(0.1))) body += ',';
    return open + gap(r) + body + gap(r) + close;
  };
  return { text: rec(0), values };
}

type Kind = 'float' | 'int' | 'bool';

function elementOf(r: Prng, kind: Kind, target: DType): () => { text: string; value: number } {
  return () => {
    if (kind === 'bool') {
      const b = r.chance(0.5);
      return { text: b ? 'True' : 'False', value: b ? 1 : 0 };
    }
    if (kind === 'int') {
      const v = target === 'float32' ? r.int(2001) - 1000 : randomInt(r);
      return { text: intText(r, v), value: v };
    }
    const d = randomDouble(r);
    return { text: floatText(r, d), value: target === 'float32' ? Math.fround(d) : d };
  };
}

const TORCH_DTYPE: Record<DType, string[]> = {
  float32: ['torch.float32', 'torch.float'],
  float64: ['torch.float64', 'torch.double'],
  int64: ['torch.int64', 'torch.long'],
  bool: ['torch.bool'],
};
const NUMPY_DTYPE: Record<DType, string[]> = {
  float32: ['np.float32', "'float32'", "'f4'"],
  float64: ['np.float64', 'float', "'float64'"],
  int64: ['np.int64', "'int64'"],
  bool: ['np.bool_', 'bool'],
};
const KIND_OF: Record<DType, Kind> = { float32: 'float', float64: 'float', int64: 'int', bool: 'bool' };

function tensorOf(shape: number[], dtype: DType, values: number[], requiresGrad = false, gradFn?: string): Tensor {
  return makeTensor({ shape, dtype, data: values, requiresGrad, gradFn });
}

/** A data literal (torch.tensor and friends, np.array, bare data) for a random tensor. */
function dataLiteral(r: Prng): Generated {
  const shape = randomShape(r);
  const dtype = r.pick<DType>(['float32', 'float32', 'float64', 'int64', 'bool']);
  const kind = KIND_OF[dtype];
  const d = nested(r, shape, elementOf(r, kind, dtype));
  const empty = numel(shape) === 0;
  const form = r.int(9);
  const dt = (names: string[]): string => r.pick(names);
  let text: string;
  let outDtype = dtype;
  let requiresGrad = false;
  switch (form) {
    case 0:
    case 1: {
      // torch.tensor infers float32 (floats, or empty), int64, bool; or is told.
      const inferred: DType = empty ? 'float32' : kind === 'float' ? 'float32' : dtype;
      const explicit = inferred !== dtype || r.chance(0.3);
      requiresGrad = (dtype === 'float32' || dtype === 'float64') && r.chance(0.2);
      const args = [d.text];
      if (explicit) args.push(`dtype=${dt(TORCH_DTYPE[dtype])}`);
      if (requiresGrad) args.push('requires_grad=True');
      if (r.chance(0.1)) args.push("device='cpu'");
      text = `${r.pick(['torch.tensor', 'torch.as_tensor'])}(${args.join(', ')})`;
      if (requiresGrad && text.startsWith('torch.as_tensor')) text = text.replace('torch.as_tensor', 'torch.tensor');
      break;
    }
    case 2: {
      if (dtype === 'float64' || empty) return dataLiteral(r);
      text = `${dtype === 'float32' ? r.pick(['torch.Tensor', 'torch.FloatTensor']) : dtype === 'int64' ? 'torch.LongTensor' : 'torch.BoolTensor'}(${d.text})`;
      if (shape.length === 0) return dataLiteral(r);
      break;
    }
    case 3:
    case 4: {
      // NumPy infers float64 for floats (and empty), int64, bool.
      const inferred: DType = empty || kind === 'float' ? 'float64' : dtype;
      const np = `${r.pick(['np.array', 'numpy.array'])}(${d.text}${inferred !== dtype || r.chance(0.3) ? `, dtype=${dt(NUMPY_DTYPE[dtype])}` : ''})`;
      text = r.pick([np, `torch.from_numpy(${np})`, `torch.tensor(${np})`, `torch.as_tensor(${np})`]);
      break;
    }
    case 5: {
      // A bare list: torch.tensor's inference, so only float32 (or empty) for floats.
      if (shape.length === 0 || (kind === 'float' && dtype !== 'float32')) return dataLiteral(r);
      if (empty) outDtype = 'float32';
      text = d.text;
      break;
    }
    case 6: {
      if (kind === 'float' && dtype !== 'float32') return dataLiteral(r);
      text = shape.length === 0 ? d.text : `torch.tensor(${d.text})`;
      if (empty) outDtype = 'float32';
      break;
    }
    default: {
      // A printed repr (small tensors: a long one is summarised with `...`).
      if (numel(shape) > 1000) return dataLiteral(r);
      const rg = (dtype === 'float32' || dtype === 'float64') && r.chance(0.3);
      const t = tensorOf(shape, dtype, d.values, rg, rg && r.chance(0.5) ? 'MulBackward0' : undefined);
      return { text: repr(t), kind: 'data', expected: t, approximate: true };
    }
  }
  const literalKind = /^(np|numpy)\./.test(text) ? 'numpy' : text.startsWith('torch.') ? 'torch' : 'data';
  return { text, kind: literalKind, expected: tensorOf(shape, outDtype, d.values, requiresGrad), approximate: false };
}

function shapeArgs(r: Prng, shape: number[]): string {
  if (shape.length === 1 && r.chance(0.5)) return String(shape[0]);
  return r.chance(0.5) && shape.length > 0 ? shape.join(', ') : `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

function constructorLiteral(r: Prng): Generated {
  const shape = randomShape(r).slice(0, 3);
  const n = numel(shape);
  switch (r.int(6)) {
    case 5: {
      // Float linspace / arange on a grid of quarters: every value exact, which is what the parser reproduces.
      const start = (r.int(41) - 20) / 4;
      const step = r.pick([0.25, 0.5, 1, 2, -0.25, -1]);
      const count = r.int(20);
      const values = Array.from({ length: count }, (_, i) => start + step * i);
      const dtype = r.pick<DType>(['float32', 'float64']);
      const dtypeArg = dtype === 'float32' && r.chance(0.5) ? '' : `, dtype=${r.pick(TORCH_DTYPE[dtype])}`;
      const lin = count > 1 || r.chance(0.5);
      const text = lin
        ? `torch.linspace(${floatText(r, start)}, ${floatText(r, count > 0 ? start + step * (count - 1) : start)}, ${count}${dtypeArg})`
        : `torch.arange(${floatText(r, start)}, ${floatText(r, start + step * count)}, ${floatText(r, step)}${dtypeArg})`;
      return { text, kind: 'torch', expected: tensorOf([count], dtype, values), approximate: false };
    }
    case 0:
    case 1: {
      const one = r.chance(0.5);
      const dtype = r.pick<DType>(['float32', 'float64', 'int64', 'bool']);
      const dtypeArg = dtype === 'float32' && r.chance(0.5) ? '' : `, dtype=${r.pick(TORCH_DTYPE[dtype])}`;
      if (shape.length === 0) return constructorLiteral(r);
      return { text: `torch.${one ? 'ones' : 'zeros'}(${shapeArgs(r, shape)}${dtypeArg})`, kind: 'torch', expected: tensorOf(shape, dtype, new Array<number>(n).fill(one ? 1 : 0)), approximate: false };
    }
    case 2: {
      const kind = r.pick<Kind>(['float', 'int', 'bool']);
      const dtype: DType = kind === 'float' ? 'float32' : kind === 'int' ? 'int64' : 'bool';
      const el = elementOf(r, kind, dtype)();
      const size = `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
      return { text: `torch.full(${size}, ${el.text})`, kind: 'torch', expected: tensorOf(shape, dtype, new Array<number>(n).fill(el.value)), approximate: false };
    }
    case 3: {
      const rows = r.int(6);
      const cols = r.chance(0.5) ? rows : r.int(6);
      const values: number[] = [];
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values.push(i === j ? 1 : 0);
      return { text: cols === rows && r.chance(0.5) ? `torch.eye(${rows})` : `torch.eye(${rows}, ${cols})`, kind: 'torch', expected: tensorOf([rows, cols], 'float32', values), approximate: false };
    }
    default: {
      const start = r.int(21) - 10;
      const step = r.pick([1, 2, 3, -1, -2]);
      const count = r.int(30);
      const end = start + step * count;
      const values = Array.from({ length: count }, (_, i) => start + step * i);
      const text = start === 0 && step === 1 && r.chance(0.5) ? `torch.arange(${end})` : step === 1 ? `torch.arange(${start}, ${end})` : `torch.arange(${start}, ${end}, ${step})`;
      return { text, kind: 'torch', expected: tensorOf([count], 'int64', values), approximate: false };
    }
  }
}

function castValue(v: number, to: DType): number {
  if (to === 'float32') return Math.fround(v);
  if (to === 'int64') return Math.trunc(v) + 0;
  if (to === 'bool') return v !== 0 ? 1 : 0;
  return v;
}

/** Methods after the literal, applied to the expected tensor the way PyTorch defines them. */
function withMethods(r: Prng, g: Generated): Generated {
  if (g.kind === 'data') return g;
  const numpy = g.kind === 'numpy';
  let t = g.expected;
  let text = g.text;
  const count = r.int(4);
  for (let i = 0; i < count; i++) {
    const n = t.data.length;
    if (r.chance(0.5)) {
      const shape = r.chance(0.3) ? [n] : n > 0 && n % 2 === 0 ? [2, n / 2] : [n, 1];
      const infer = r.int(shape.length + 1);
      const args = shape.map((s, k) => (k === infer && n > 0 ? -1 : s));
      const call = numpy ? 'reshape' : r.pick(['reshape', 'view']);
      text += `${r.pick(['', '', ' ', '\\\n  '])}.${call}(${args.length === 1 && r.chance(0.5) ? `(${args[0]},)` : args.join(', ')})`;
      t = tensorOf(shape, t.dtype, Array.from(t.data));
    } else {
      const to = r.pick<DType>(['float32', 'float64', 'int64', 'bool']);
      // A float beyond int64 (or nan) has no int64 value: PyTorch leaves it to the machine.
      if (to === 'int64' && Array.from(t.data).some((v) => !(Math.abs(v) < 2 ** 62))) continue;
      text += numpy ? `.astype(${r.pick(NUMPY_DTYPE[to])})` : `.${to === 'float32' ? 'float' : to === 'float64' ? 'double' : to === 'int64' ? 'long' : 'bool'}()`;
      t = tensorOf(t.shape.slice(), to, Array.from(t.data, (v) => castValue(v, to)));
    }
  }
  return { ...g, text, expected: t };
}

/** What may stand before the literal and after it on its line. */
function statement(r: Prng, text: string): string {
  const before = r.pick(['', '', '', 'x = ', 'y=', 'weights: torch.Tensor = ', 'a: np.ndarray = ', 'x = \\\n    ', '\n\n', '# input\n', 'match = ', '_t1 =  ']);
  const after = r.pick(['', '', '', '\n', '  # the input', '\n\n', '\r\n', '  \n# done\n']);
  return before + text + after;
}

/** A literal the parser must accept, with what it must read; `wrap` adds an assignment, comments and line breaks around it. */
export function generateLiteral(r: Prng, wrap = true): Generated {
  let g = r.chance(0.7) ? dataLiteral(r) : constructorLiteral(r);
  if (!g.approximate && !g.expected.requiresGrad && r.chance(0.4)) g = withMethods(r, g);
  return wrap ? { ...g, text: statement(r, g.text) } : g;
}
