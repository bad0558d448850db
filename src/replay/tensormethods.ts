/** Methods and attributes of tensors replay follows. */
import { makeTensor, numel, type DType, type Tensor } from '../core/tensor';
import { arg, boolArg, numberArg, sizeArgs, type Args } from './args';
import type { Engine } from './engine';
import { applyBinary } from './expressions';
import { tracked } from './ops/autograd';
import { cast } from './ops/elementwise';
import { product } from './ops/matmul';
import { fillBernoulli, fillNormal, fillRandint, fillUniform } from './ops/random';
import { meanAll, reshapeTo, sumAll } from './ops/shape';
import { relu } from './torchfns';
import { PyRaise, stop } from './stop';
import { bool, float, int, NONE, tensorValue, type TensorValue, type Value } from './values';

/** The text of `float()`/`int()` of a tensor with several elements (and of `.item()` in 1.13). */
export const ONE_ELEMENT = 'only one element tensors can be converted to Python scalars';

const CASTS: Record<string, DType> = { float: 'float32', double: 'float64', long: 'int64', bool: 'bool' };
const INPLACE_ARITH: Record<string, string> = { add_: '+', sub_: '-', mul_: '*', div_: '/' };

export function tensorAttribute(v: TensorValue, name: string): Value | undefined {
  const t = v.tensor;
  switch (name) {
    case 'shape':
      return { t: 'size', dims: [...t.shape] };
    case 'dtype':
      return { t: 'dtype', dtype: t.dtype };
    case 'requires_grad':
      return bool(t.requiresGrad);
    case 'ndim':
      return int(t.shape.length);
    case 'data':
      return tensorValue(makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data }));
    default:
      return undefined;
  }
}

/** Methods that fill the tensor in place (random draws among them); they may read uninitialised storage. */
function callFillMethod(e: Engine, self: TensorValue, name: string, a: Args): Value | undefined {
  const t = self.tensor;
  const fill = (f: () => void): Value => {
    f();
    return self;
  };
  switch (name) {
    case 'uniform_':
      return fill(() => fillUniform(e, t, numberArg(a, 0, 'from', 0), numberArg(a, 1, 'to', 1), a.node));
    case 'normal_':
      return fill(() => fillNormal(e, t, numberArg(a, 0, 'mean', 0), numberArg(a, 1, 'std', 1), a.node));
    case 'bernoulli_': {
      const p = arg(a, 0, 'p');
      return fill(() => fillBernoulli(e, t, p?.t === 'tensor' ? p.tensor : numberArg(a, 0, 'p', 0.5), a.node));
    }
    case 'bernoulli': {
      // `x.bernoulli(p)` draws like `bernoulli_(p)` into a new tensor; `x.bernoulli()` takes x as the probabilities.
      const out = makeTensor({ shape: t.shape, dtype: t.dtype });
      if (!arg(a, 0, 'p')) e.checkInitialised(t.data, a.node);
      fillBernoulli(e, out, arg(a, 0, 'p') ? numberArg(a, 0, 'p') : t, a.node);
      return tensorValue(out);
    }
    case 'random_': {
      if (a.pos.length === 0) return stop('random_() without a range', 'not replayed', a.node);
      const two = a.pos.length >= 2;
      return fill(() => fillRandint(e, t, two ? numberArg(a, 0, 'from') : 0, numberArg(a, two ? 1 : 0, 'to'), a.node));
    }
    case 'fill_':
      return fill(() => {
        t.data.fill(numberArg(a, 0, 'value'));
        e.uninitialised.delete(t.data);
      });
    case 'zero_':
      return fill(() => {
        t.data.fill(0);
        e.uninitialised.delete(t.data);
      });
    default:
      return undefined;
  }
}

export function callTensorMethod(e: Engine, self: TensorValue, name: string, a: Args): Value | undefined {
  const t = self.tensor;
  if (['size', 'dim', 'numel'].includes(name)) return shapeMethod(t, name, a);
  const filled = callFillMethod(e, self, name, a);
  if (filled) return filled;
  e.checkInitialised(t.data, a.node);
  if (name in CASTS) return tensorValue(tracked(cast(t, CASTS[name]), [t], 'ToCopyBackward0', e.gradEnabled && t.dtype !== CASTS[name]));
  if (name in INPLACE_ARITH) {
    const r = applyBinary(e, INPLACE_ARITH[name], self, arg(a, 0, 'other') ?? NONE, a.node);
    writeBack(t, r);
    return self;
  }
  switch (name) {
    case 'to': {
      const d = arg(a, 0, 'dtype');
      if (d?.t !== 'dtype') return stop('.to() without a dtype', 'only dtype conversions are replayed', a.node);
      return tensorValue(cast(t, d.dtype));
    }
    case 'item': {
      if (t.data.length !== 1) {
        // Releases after 1.13 (2.6 and 2.13 alike) raise from the C++ side, with the count.
        if (e.release === '1.13') throw new PyRaise('ValueError', ONE_ELEMENT);
        throw new PyRaise('RuntimeError', `a Tensor with ${t.data.length} elements cannot be converted to Scalar`);
      }
      const x = t.data[0];
      return t.dtype === 'bool' ? bool(x !== 0) : t.dtype === 'int64' ? int(x) : float(x);
    }
    case 'tolist':
      return toList(t);
    case 'view':
    case 'reshape':
      return tensorValue(tracked(reshapeTo(t, sizeArgs(a)), [t], 'ViewBackward0', e.gradEnabled));
    case 'sum':
    case 'mean': {
      if (a.pos.length || a.kw.size) return stop(`.${name}() with arguments`, 'only the whole-tensor reduction is replayed', a.node);
      if (t.dtype === 'float32' && t.data.length > 1) e.approximate('float32 sum/mean: PyTorch sums in a vectorised order, replay in double then rounds');
      const r = name === 'sum' ? sumAll(t) : meanAll(t);
      return tensorValue(tracked(r, [t], name === 'sum' ? 'SumBackward0' : 'MeanBackward0', e.gradEnabled));
    }
    case 'matmul':
    case 'mm': {
      const other = arg(a, 0, name === 'mm' ? 'mat2' : 'other');
      if (other?.t !== 'tensor') return stop(`.${name}() of a ${other ? other.t : 'missing argument'}`, 'expected a tensor', a.node);
      return tensorValue(product(e, t, other.tensor, name === 'mm', a.node));
    }
    case 'relu':
    case 'relu_':
      return tensorValue(relu(e, t, name === 'relu_'));
    case 'clone':
      return tensorValue(tracked(makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data.slice() }), [t], 'CloneBackward0', e.gradEnabled));
    case 'detach':
      return tensorValue(makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data }));
    case 'requires_grad_':
      self.tensor = makeTensor({ shape: t.shape, dtype: t.dtype, data: t.data, requiresGrad: boolArg(a, 0, 'requires_grad', true) });
      return self;
    default:
      return undefined;
  }
}

/** `size()`, `dim()`, `numel()`: the shape only, so they work on uninitialised storage too. */
function shapeMethod(t: Tensor, name: string, a: Args): Value {
  switch (name) {
    case 'size': {
      const dim = arg(a, 0, 'dim');
      if (dim === undefined) return { t: 'size', dims: [...t.shape] };
      const d = numberArg(a, 0, 'dim');
      const k = d < 0 ? d + t.shape.length : d;
      if (k < 0 || k >= t.shape.length) {
        throw new PyRaise('IndexError', `Dimension out of range (expected to be in range of [${-t.shape.length}, ${t.shape.length - 1}], but got ${d})`);
      }
      return int(t.shape[k]);
    }
    case 'dim':
      return int(t.shape.length);
    default:
      return int(numel(t.shape));
  }
}

/** An in-place op's result written into the tensor's own storage (aliases see it). */
export function writeBack(t: Tensor, r: Value): void {
  if (r.t !== 'tensor') return;
  const rank = (d: DType): number => (d === 'bool' ? 0 : d === 'int64' ? 1 : 2);
  if (r.tensor.data.length !== t.data.length) stop('an in-place op that broadcasts its result', 'not replayed');
  if (rank(r.tensor.dtype) > rank(t.dtype)) {
    const to = t.dtype === 'int64' ? 'Long' : t.dtype === 'bool' ? 'Bool' : t.dtype === 'float32' ? 'Float' : 'Double';
    const from = r.tensor.dtype === 'float32' ? 'Float' : r.tensor.dtype === 'float64' ? 'Double' : 'Long';
    throw new PyRaise('RuntimeError', `result type ${from} can't be cast to the desired output type ${to}`);
  }
  t.data.set(r.tensor.data);
}

/** `t.tolist()`: nested lists of Python floats (the float32 value as a double), ints or bools. */
function toList(t: Tensor): Value {
  const scalar = (x: number): Value => (t.dtype === 'bool' ? bool(x !== 0) : t.dtype === 'int64' ? int(x) : float(x));
  const rec = (offset: number, depth: number): Value => {
    if (depth === t.shape.length) return scalar(t.data[offset]);
    const stride = t.shape.slice(depth + 1).reduce((p, d) => p * d, 1);
    const items: Value[] = [];
    for (let i = 0; i < t.shape[depth]; i++) items.push(rec(offset + i * stride, depth + 1));
    return { t: 'list', items };
  };
  return rec(0, 0);
}
