/**
 * Element-wise tensor arithmetic with PyTorch's type promotion (dimensioned tensors, then 0-d
 * tensors, then Python scalars, by category bool < int < float) and broadcasting. float32
 * results are the double result rounded once: exact for + - * / of float32 operands.
 */
import { allocate, makeTensor, numel, stridesOf, type DType, type Tensor } from '../../core/tensor';
import { PyRaise } from '../stop';

export type Operand = Tensor | { readonly scalar: number; readonly kind: 'bool' | 'int' | 'float' };
export type BinOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=';

const CATEGORY: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 2 };

export function isTensor(o: Operand): o is Tensor {
  return 'data' in o;
}

function promote(a: DType | undefined, b: DType): DType {
  if (a === undefined || a === b) return b;
  if (CATEGORY[a] !== CATEGORY[b]) return CATEGORY[a] > CATEGORY[b] ? a : b;
  return a === 'float64' || b === 'float64' ? 'float64' : a;
}

/** torch.result_type over the operands. */
export function resultType(ops: readonly Operand[]): DType {
  let dimmed: DType | undefined;
  let zeroDim: DType | undefined;
  let scalarCat = -1;
  for (const o of ops) {
    if (isTensor(o)) {
      if (o.shape.length) dimmed = promote(dimmed, o.dtype);
      else zeroDim = promote(zeroDim, o.dtype);
    } else {
      scalarCat = Math.max(scalarCat, o.kind === 'float' ? 2 : o.kind === 'int' ? 1 : 0);
    }
  }
  let r = dimmed;
  if (zeroDim !== undefined && (r === undefined || CATEGORY[zeroDim] > CATEGORY[r])) r = zeroDim;
  if (r === undefined || scalarCat > CATEGORY[r]) r = (['bool', 'int64', 'float32'] as const)[scalarCat];
  return r;
}

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new PyRaise('RuntimeError', `The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The operand's elements laid out over `shape` (broadcast), as a lookup by output index. */
function reader(o: Operand, shape: readonly number[], dtype: DType): (i: number) => number {
  if (!isTensor(o)) {
    const v = dtype === 'float32' ? Math.fround(o.scalar) : dtype === 'int64' ? Math.trunc(o.scalar) : o.scalar;
    return () => v;
  }
  const data = o.data;
  if (o.shape.length === shape.length && o.shape.every((d, i) => d === shape[i])) return (i) => data[i];
  if (data.length === 1) return () => data[0];
  const outStrides = stridesOf(shape);
  const own = stridesOf(o.shape);
  const lead = shape.length - o.shape.length;
  const map = new Int32Array(numel(shape));
  for (let i = 0; i < map.length; i++) {
    let rem = i;
    let src = 0;
    for (let d = 0; d < shape.length; d++) {
      const idx = Math.floor(rem / outStrides[d]);
      rem -= idx * outStrides[d];
      if (d >= lead && o.shape[d - lead] !== 1) src += idx * own[d - lead];
    }
    map[i] = src;
  }
  return (i) => data[map[i]];
}

const COMPARE: Partial<Record<BinOp, (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** `a op b` where at least one side is a tensor. */
export function binary(op: BinOp, a: Operand, b: Operand): Tensor {
  const shape = broadcastShapes(isTensor(a) ? a.shape : [], isTensor(b) ? b.shape : []);
  let common = resultType([a, b]);
  const cmp = COMPARE[op];
  if (op === '/' && CATEGORY[common] < 2) common = 'float32';
  if (op === '-' && common === 'bool') {
    throw new PyRaise('RuntimeError', 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  const ra = reader(a, shape, common);
  const rb = reader(b, shape, common);
  const n = numel(shape);
  const outType: DType = cmp ? 'bool' : common;
  const out = allocate(outType, n);
  if (cmp) {
    for (let i = 0; i < n; i++) out[i] = cmp(ra(i), rb(i)) ? 1 : 0;
  } else {
    const f = arith(op, common);
    for (let i = 0; i < n; i++) out[i] = f(ra(i), rb(i));
  }
  return makeTensor({ shape, dtype: outType, data: out });
}

function arith(op: BinOp, dtype: DType): (a: number, b: number) => number {
  const base = {
    '+': (a: number, b: number) => a + b,
    '-': (a: number, b: number) => a - b,
    '*': (a: number, b: number) => a * b,
    '/': (a: number, b: number) => a / b,
  }[op as '+' | '-' | '*' | '/'];
  if (dtype === 'bool') return (a, b) => (base(a, b) !== 0 ? 1 : 0);
  return base;
}

/** `.float()`, `.double()`, `.long()`, `.bool()`, `.to(dtype)`: the same tensor when the dtype does not change. */
export function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = allocate(dtype, t.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = t.data[i];
    out[i] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : dtype === 'int64' ? Math.trunc(v) : v;
  }
  return makeTensor({ shape: t.shape, dtype, data: out });
}

/** Element-wise map in the tensor's dtype (relu, neg). */
export function map(t: Tensor, f: (v: number) => number): Tensor {
  const out = allocate(t.dtype, t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(t.data[i]);
  return makeTensor({ shape: t.shape, dtype: t.dtype, data: out });
}
